// Per-method queues for steps marked `queue: true`: such steps run one at a time per queue key, across runs.

export class StepQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs task after every earlier task of the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
