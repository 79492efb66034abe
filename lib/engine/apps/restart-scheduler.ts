// Restarts apps whose server died, with exponential backoff and a cap (the `on-failure` policy).
import type { HomeConfig } from '../../shared/config';

export interface RestartSchedulerOptions {
  /** First delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Restarts allowed before giving up (reset after the app ran for resetAfterMs). */
  maxRestarts?: number;
  resetAfterMs?: number;
}

interface Track {
  attempts: number;
  lastStart: number;
  timer: NodeJS.Timeout | null;
}

export class RestartScheduler {
  private readonly tracks = new Map<string, Track>();

  constructor(private readonly options: RestartSchedulerOptions = {}) {}

  /** Notes that the app started (a long run resets the attempt count). */
  started(name: string): void {
    const track = this.tracks.get(name) ?? { attempts: 0, lastStart: 0, timer: null };
    track.lastStart = Date.now();
    this.tracks.set(name, track);
  }

  /**
   * Schedules `restart` after the backoff for this attempt. Returns the delay, or null when the cap is
   * reached (the app stays failed).
   */
  schedule(name: string, restart: () => Promise<unknown>): number | null {
    const track = this.tracks.get(name) ?? { attempts: 0, lastStart: 0, timer: null };
    if (Date.now() - track.lastStart > (this.options.resetAfterMs ?? 60_000)) track.attempts = 0;
    if (track.attempts >= (this.options.maxRestarts ?? 5)) return null;
    const delay = Math.min(
      (this.options.baseDelayMs ?? 1000) * 2 ** track.attempts,
      this.options.maxDelayMs ?? 30_000,
    );
    track.attempts += 1;
    if (track.timer) clearTimeout(track.timer);
    track.timer = setTimeout(() => {
      track.timer = null;
      restart().catch((error: unknown) =>
        console.error(`[apps] restart of ${name} failed:`, error),
      );
    }, delay);
    this.tracks.set(name, track);
    return delay;
  }

  /** Cancels a pending restart (the user stopped or removed the app). */
  cancel(name: string): void {
    const track = this.tracks.get(name);
    if (track?.timer) clearTimeout(track.timer);
    this.tracks.delete(name);
  }

  dispose(): void {
    for (const name of this.tracks.keys()) this.cancel(name);
  }
}

/** The restart policy's numbers, read from the settings at each restart it schedules. */
export function liveRestarts(read: () => HomeConfig['restarts']): RestartSchedulerOptions {
  return {
    get baseDelayMs() {
      return read().baseDelayMs;
    },
    get maxDelayMs() {
      return read().maxDelayMs;
    },
    get maxRestarts() {
      return read().maxRestarts;
    },
    get resetAfterMs() {
      return read().resetAfterMs;
    },
  };
}
