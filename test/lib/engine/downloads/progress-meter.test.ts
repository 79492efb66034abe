// The download rate: measured over time windows, so a burst of reads a millisecond apart is not a huge speed.
import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../../../lib/engine/downloads/progress-meter';

describe('ProgressMeter', () => {
  it('ignores bursts shorter than its window and gives a steady rate and ETA', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    expect(meter.sample(0, 1_000_000)).toEqual({ rate: 0, etaSec: null });
    now = 2;
    expect(meter.sample(64 * 1024, 1_000_000)).toEqual({ rate: 0, etaSec: null });
    // 100 000 bytes a second from then on, sampled four times a second.
    for (let i = 1; i <= 8; i++) {
      now = 2 + i * 250;
      meter.sample(64 * 1024 + i * 25_000, 1_000_000);
    }
    now = 2 + 9 * 250;
    const { rate, etaSec } = meter.sample(64 * 1024 + 9 * 25_000, 1_000_000);
    expect(rate).toBeGreaterThan(90_000);
    expect(rate).toBeLessThan(140_000);
    expect(etaSec).toBeGreaterThanOrEqual(5);
    expect(etaSec).toBeLessThanOrEqual(8);
  });
});
