// One token bucket for every download at once: a reader that overdraws it pauses its socket until the debt is paid.
import { networkSettings } from './network-settings';

/** A burst of at most this long at the capped rate: short enough to keep the average honest over a second. */
const BURST_SECONDS = 0.25;

export class TokenBucket {
  private tokens = 0;
  private last = 0;
  private rate = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Spends `bytes`; returns the milliseconds to wait before reading again (0: go on). */
  take(bytes: number, bytesPerSecond: number | undefined): number {
    if (bytesPerSecond === undefined || bytesPerSecond <= 0) {
      this.rate = 0;
      return 0;
    }
    const now = this.now();
    if (this.rate !== bytesPerSecond) {
      // A new cap starts from a full burst, not from the debt of the old one.
      this.rate = bytesPerSecond;
      this.tokens = bytesPerSecond * BURST_SECONDS;
    } else {
      this.tokens += ((now - this.last) / 1000) * bytesPerSecond;
      this.tokens = Math.min(this.tokens, bytesPerSecond * BURST_SECONDS);
    }
    this.last = now;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / bytesPerSecond) * 1000);
  }
}

const shared = new TokenBucket();

/** Milliseconds a download that just read `bytes` waits before its next read, under the current cap. */
export function throttle(bytes: number): number {
  return shared.take(bytes, networkSettings().bandwidthLimit);
}
