// Bounded concurrent writes for extraction, and a folder maker that creates each folder once.
import { mkdir } from 'node:fs/promises';

/** Creates folders (recursively) once each, sharing the promise between entries of the same folder. */
export class DirMaker {
  private readonly made = new Map<string, Promise<void>>();

  constructor(root: string) {
    this.made.set(root, Promise.resolve());
  }

  ensure(dir: string): Promise<void> {
    let pending = this.made.get(dir);
    if (!pending) {
      pending = mkdir(dir, { recursive: true }).then(() => undefined);
      this.made.set(dir, pending);
    }
    return pending;
  }
}

/**
 * Lets writes run concurrently while capping the bytes and operations in flight, so memory stays flat
 * however fast the archive is parsed. The first failure is rethrown by `room()` and `drain()`.
 */
export class WriteWindow {
  private bytes = 0;
  private count = 0;
  private failure: unknown = null;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly maxBytes = 16 << 20, private readonly maxOps = 32) {}

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
    while (this.bytes > this.maxBytes || this.count > this.maxOps) await new Promise<void>((r) => this.waiters.push(r));
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
