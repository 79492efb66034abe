// Bounded concurrent writes for extraction: caps the bytes and operations in flight.
/**
 * Lets writes run concurrently while capping the bytes and operations in flight, so memory stays flat
 * however fast the archive is parsed. The first failure is rethrown by `room()` and `drain()`.
 */
export class WriteWindow {
  private bytes = 0;
  private count = 0;
  private failure: unknown = null;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly maxBytes = 16 << 20,
    private readonly maxOps = 32,
  ) {}

  add(work: Promise<unknown>, bytes: number): void {
    this.bytes += bytes;
    this.count += 1;
    work.then(
      () => this.settle(bytes),
      (error) => {
        this.failure ??= error;
        this.settle(bytes);
      },
    );
  }

  /** Resolves when there is room for more writes. */
  async room(): Promise<void> {
    while (this.bytes > this.maxBytes || this.count > this.maxOps)
      await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  /** Resolves when every write has finished. */
  async drain(): Promise<void> {
    while (this.count > 0) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  private settle(bytes: number): void {
    this.bytes -= bytes;
    this.count -= 1;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
