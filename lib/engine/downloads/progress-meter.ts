// Smoothed transfer rate and ETA from (time, bytes) samples; the first sample is the baseline.

/** Shortest interval a rate is measured over. */
const MIN_WINDOW_SEC = 0.2;

export class ProgressMeter {
  private lastTime = 0;
  private lastBytes: number | null = null;
  private smoothed = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a sample; returns bytes per second (exponentially smoothed) and the ETA in seconds. */
  sample(bytes: number, total: number | null): { rate: number; etaSec: number | null } {
    const t = this.now();
    if (this.lastBytes === null || bytes < this.lastBytes) {
      // Baseline (or a restart from zero): bytes already on disk from a resume are not transfer speed.
      this.lastTime = t;
      this.lastBytes = bytes;
      return { rate: Math.round(this.smoothed), etaSec: null };
    }
    const dt = (t - this.lastTime) / 1000;
    // Reads come in bursts (a socket buffer drained in a millisecond): a rate needs a window of time.
    if (dt >= MIN_WINDOW_SEC) {
      const instant = (bytes - this.lastBytes) / dt;
      this.smoothed = this.smoothed === 0 ? instant : this.smoothed * 0.7 + instant * 0.3;
      this.lastTime = t;
      this.lastBytes = bytes;
    }
    const rate = Math.round(this.smoothed);
    const etaSec =
      total !== null && rate > 0 ? Math.max(0, Math.round((total - bytes) / rate)) : null;
    return { rate, etaSec };
  }
}
