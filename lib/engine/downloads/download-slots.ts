// The concurrency limit of the download queue: a download takes a slot to transfer and gives it back after.

export class DownloadSlots {
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(private readonly limit: () => number) {}

  /** Resolves when a slot is free, or at once when the signal aborts (the caller still releases). */
  acquire(signal: AbortSignal): Promise<void> {
    if (this.running < Math.max(1, this.limit())) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const go = (): void => {
        signal.removeEventListener('abort', go);
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        this.running += 1;
        resolve();
      };
      this.waiting.push(go);
      signal.addEventListener('abort', go, { once: true });
    });
  }

  release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }
}
