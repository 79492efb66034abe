// A queue that runs writes one after another; a failed write rejects only its own caller, later ones still run.

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every write queued before it, whether those succeeded or failed. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    // The caller sees the rejection; the queue itself must stay usable.
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every write queued so far has ended (successfully or not). */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
