// Append-only log file with size-based rotation (`x.log` → `x.log.1` → … → dropped).
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LogFileOptions {
  /** Rotate when the file grows past this many bytes (default 10 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 3). */
  keep?: number;
}

/**
 * Writes are synchronous on purpose: callers batch output (one write per event-loop turn or 64 KiB),
 * and a synchronous fd keeps rotation exact and the file complete when the process dies.
 */
export class RotatingLogFile {
  private fd: number | null;
  private size: number;
  private readonly maxBytes: number;
  readonly keep: number;
  /** Bytes written through this file since it was opened, plus what it held then (rotated ones included). */
  total: number;

  constructor(
    readonly file: string,
    options: LogFileOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.keep = options.keep ?? 3;
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'a');
    this.size = fstatSync(this.fd).size;
    this.total = this.size;
  }

  write(data: string): void {
    if (this.fd === null) return;
    const buffer = Buffer.from(data);
    if (this.size > 0 && this.size + buffer.length > this.maxBytes) this.rotate();
    try {
      writeSync(this.fd, buffer);
      this.size += buffer.length;
      this.total += buffer.length;
    } catch {
      // A full or failing log disk must not take the run down; the in-memory ring still has the output.
    }
  }

  close(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    return Promise.resolve();
  }

  private rotate(): void {
    closeSync(this.fd!);
    for (let i = this.keep - 1; i >= 1; i -= 1)
      tryRename(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    if (this.keep > 0) tryRename(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, 'w');
    this.size = 0;
  }
}

function tryRename(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Nothing to rotate at this position yet.
  }
}
