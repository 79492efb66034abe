// Writes body slices to a file in large batches on libuv's threadpool, so disk writes overlap socket reads.
import fs from 'node:fs';
import type { Slab } from '../../../http/slab-reader';

/** Bytes gathered before a write: fewer, larger syscalls. */
const BATCH = 1 << 20;
/** Bytes received but not yet on disk above which the source is paused. */
const HIGH_WATER = 8 << 20;
/** A slow transfer's bytes reach the disk within this delay even below a full batch. */
const IDLE_FLUSH_MS = 100;

/** Where the bytes come from: paused while the disk lags, destroyed when a write fails. */
export interface WriterSource {
  pause(): void;
  resume(): void;
  destroy(error: Error): void;
}

export class FileWriter {
  /** The batch: finished runs of contiguous bytes, then the run being extended. */
  private runs: Buffer[] = [];
  private runBuffer: ArrayBufferLike | null = null;
  /** The run's first slice: written as it is while the run is that one slice (TLS hands out one buffer a read). */
  private runFirst: Buffer | null = null;
  private runStart = 0;
  private runEnd = 0;
  private batchBytes = 0;
  /** Slabs the batch refers to, each held once. */
  private batchSlabs: Slab[] = [];
  /** Bytes pushed and not yet written (the batch plus the write in progress). */
  private queued = 0;
  private writing = false;
  private sourcePaused = false;
  private failure: Error | null = null;
  private idle: NodeJS.Timeout | null = null;
  private onClosed: ((error: Error | null) => void) | null = null;
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly source: WriterSource,
  ) {}

  /** Opens `file` for writing from its start, or for appending. */
  static open(file: string, append: boolean, source: WriterSource): Promise<FileWriter> {
    return new Promise((resolve, reject) => {
      fs.open(file, append ? 'a' : 'w', (error, fd) =>
        error ? reject(error) : resolve(new FileWriter(fd, source)),
      );
    });
  }

  /** Queues a slice; a slab is held until the write that carries its bytes completed. */
  push(chunk: Buffer, slab: Slab | null): void {
    if (this.failure !== null || this.onClosed !== null || chunk.length === 0) return;
    if (slab !== null && this.batchSlabs[this.batchSlabs.length - 1] !== slab) {
      slab.hold();
      this.batchSlabs.push(slab);
    }
    // Consecutive reads land side by side in a slab: one iovec covers them all.
    if (chunk.buffer === this.runBuffer && chunk.byteOffset === this.runEnd)
      this.runEnd += chunk.length;
    else {
      this.endRun();
      this.runFirst = chunk;
      this.runBuffer = chunk.buffer;
      this.runStart = chunk.byteOffset;
      this.runEnd = chunk.byteOffset + chunk.length;
    }
    this.batchBytes += chunk.length;
    this.queued += chunk.length;
    if (!this.writing) {
      if (this.batchBytes >= BATCH) this.write();
      else this.idle ??= setTimeout(this.flushIdle, IDLE_FLUSH_MS);
    }
    if (this.queued >= HIGH_WATER && !this.sourcePaused) {
      this.sourcePaused = true;
      this.source.pause();
    }
  }

  /** Writes everything pushed, then closes the file; rejects with the first write or close error. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.onClosed !== null) {
        reject(new Error('FileWriter closed twice'));
        return;
      }
      this.onClosed = (error) => (error === null ? resolve() : reject(error));
      this.next();
    });
  }

  private readonly flushIdle = (): void => {
    this.idle = null;
    if (!this.writing && this.batchBytes > 0) this.write();
  };

  private endRun(): void {
    if (this.runBuffer === null) return;
    const first = this.runFirst!;
    const length = this.runEnd - this.runStart;
    this.runs.push(
      first.length === length ? first : Buffer.from(this.runBuffer, this.runStart, length),
    );
    this.runBuffer = null;
    this.runFirst = null;
  }

  private write(): void {
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
    this.endRun();
    const runs = this.runs;
    const slabs = this.batchSlabs;
    const bytes = this.batchBytes;
    this.runs = [];
    this.batchSlabs = [];
    this.batchBytes = 0;
    this.writing = true;
    writeAll(this.fd, runs, (error) => {
      this.writing = false;
      for (const slab of slabs) slab.release();
      this.queued -= bytes;
      if (error !== null && this.failure === null) {
        this.failure = error;
        this.dropBatch();
        this.source.destroy(error);
      }
      if (this.sourcePaused && this.failure === null) {
        this.sourcePaused = false;
        this.source.resume();
      }
      this.next();
    });
  }

  /** After a write or on close: the next full batch, or everything when closing, or the file's close. */
  private next(): void {
    if (this.writing) return;
    if (
      this.failure === null &&
      this.batchBytes > 0 &&
      (this.onClosed !== null || this.batchBytes >= BATCH)
    ) {
      this.write();
      return;
    }
    if (this.onClosed === null) {
      if (this.batchBytes > 0) this.idle ??= setTimeout(this.flushIdle, IDLE_FLUSH_MS);
      return;
    }
    if (this.closed) return;
    this.closed = true;
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
    this.dropBatch();
    const done = this.onClosed;
    fs.close(this.fd, (error) => done(this.failure ?? error));
  }

  private dropBatch(): void {
    for (const slab of this.batchSlabs) slab.release();
    this.batchSlabs = [];
    this.runs = [];
    this.runBuffer = null;
    this.runFirst = null;
    this.queued -= this.batchBytes;
    this.batchBytes = 0;
  }
}

/** writev until every byte is written (a regular file rarely takes less, but it may). */
function writeAll(fd: number, buffers: Buffer[], done: (error: Error | null) => void): void {
  fs.writev(fd, buffers, (error, written) => {
    if (error) {
      done(error);
      return;
    }
    if (written === 0) {
      done(new Error('the file took no bytes'));
      return;
    }
    let rest = written;
    let i = 0;
    while (i < buffers.length && rest >= buffers[i]!.length) rest -= buffers[i++]!.length;
    if (i === buffers.length) {
      done(null);
      return;
    }
    writeAll(fd, [buffers[i]!.subarray(rest), ...buffers.slice(i + 1)], done);
  });
}
