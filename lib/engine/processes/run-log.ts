// The output of one run: coalesced into numbered chunks, kept in a ring, appended to a file, emitted as `run:log`.
import path from 'node:path';
import type { EventBus } from '../events';
import { RotatingLogFile, type LogFileOptions } from './log-file';
import { readLogRange, type LogRange } from './log-range';
import { LogRing, type LogChunk } from './log-ring';

export interface RunLogOptions extends LogFileOptions {
  runId: string;
  /** Folder of the log file (`<home>/logs/runs`); no file when omitted. */
  dir?: string;
  bus?: EventBus;
  /** Characters kept in memory for replay (default 1 MiB). */
  ringChars?: number;
  /** A pending batch is flushed at once when it grows past this (default 64 KiB). */
  batchChars?: number;
}

/** Writes are batched per event-loop turn, so a chatty process costs one event per read burst, not per line. */
export class RunLog {
  readonly ring: LogRing;
  private readonly file: RotatingLogFile | null;
  private pending = '';
  private pendingStream: LogChunk['stream'] = 'stdout';
  private scheduled = false;
  private closed = false;
  private readonly listeners = new Set<(chunk: LogChunk) => void>();
  private readonly batchChars: number;

  constructor(private readonly options: RunLogOptions) {
    this.ring = new LogRing({ maxChars: options.ringChars });
    this.batchChars = options.batchChars ?? 64 * 1024;
    this.file = options.dir
      ? new RotatingLogFile(path.join(options.dir, `${safeName(options.runId)}.log`), options)
      : null;
  }

  get runId(): string {
    return this.options.runId;
  }

  append(data: string, stream: LogChunk['stream'] = 'stdout'): void {
    if (this.closed || data.length === 0) return;
    if (stream !== this.pendingStream && this.pending) this.flush();
    this.pendingStream = stream;
    this.pending += data;
    if (this.pending.length >= this.batchChars) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Subscribes to chunks as they are committed. */
  onChunk(listener: (chunk: LogChunk) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replay for a late subscriber: chunks after `seq`. */
  since(seq = 0): { chunks: LogChunk[]; truncated: boolean } {
    this.flush();
    return this.ring.since(seq);
  }

  /** Bytes of the log file (0 without one), everything committed so far included. */
  get bytes(): number {
    this.flush();
    return this.file?.total ?? 0;
  }

  /** A page of the log file by logical byte offset; `size` is where the last committed chunk ends. */
  read(range: { offset?: number; maxBytes?: number } = {}): LogRange {
    this.flush();
    if (!this.file) return { text: '', offset: 0, next: 0, size: 0, start: 0 };
    return readLogRange(this.file.file, { ...range, total: this.file.total, keep: this.file.keep });
  }

  lastLines(count = 20): string[] {
    this.flush();
    return this.ring.lastLines(count);
  }

  flush(): void {
    this.scheduled = false;
    if (!this.pending) return;
    const chunk = this.ring.push(this.pending, this.pendingStream);
    this.pending = '';
    this.file?.write(chunk.data);
    this.options.bus?.emit('run:log', {
      runId: this.options.runId,
      seq: chunk.seq,
      data: chunk.data,
      stream: chunk.stream,
    });
    for (const listener of this.listeners) listener(chunk);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await this.file?.close();
  }
}

function safeName(runId: string): string {
  return runId.replace(/[^A-Za-z0-9._-]/g, '_');
}
