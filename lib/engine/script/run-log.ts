// Per-run log: a bounded ring of entries with increasing seq numbers, mirrored to <home>/logs/runs/<runId>.log.
import type { RunLogEntry, RunLogPage } from '../../shared/run';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export type { RunLogEntry, RunLogPage } from '../../shared/run';

export const DEFAULT_RING_SIZE = 5000;

export class RunLog {
  private readonly ring: RunLogEntry[] = [];
  private seq = 0;
  private file: WriteStream | null;
  readonly path: string;

  constructor(logsDir: string, runId: string, private readonly capacity = DEFAULT_RING_SIZE) {
    const dir = path.join(logsDir, 'runs');
    mkdirSync(dir, { recursive: true });
    this.path = path.join(dir, `${runId}.log`);
    this.file = createWriteStream(this.path, { flags: 'a' });
    this.file.on('error', () => {
      // A failing log file (disk full, removed folder) must not break the run; the ring still holds the log.
      this.file = null;
    });
  }

  append(data: string, stream: RunLogEntry['stream'] = 'stdout'): RunLogEntry {
    const entry: RunLogEntry = { seq: ++this.seq, time: Date.now(), data, stream };
    this.ring.push(entry);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    this.file?.write(data);
    return entry;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Entries with seq > sinceSeq (default 0), oldest first, at most `limit` (default: all held). */
  page(options: { sinceSeq?: number; limit?: number } = {}): RunLogPage {
    const since = options.sinceSeq ?? 0;
    const first = this.ring[0]?.seq ?? this.seq + 1;
    const start = this.ring.findIndex((e) => e.seq > since);
    const all = start < 0 ? [] : this.ring.slice(start);
    const limit = options.limit ?? all.length;
    return { entries: all.slice(0, Math.max(0, limit)), lastSeq: this.seq, truncated: since + 1 < first && this.seq > since };
  }

  /** The last lines of output, for error reports. */
  tail(lines = 20): string[] {
    const text = this.ring.slice(-200).map((e) => e.data).join('');
    return text.replace(/\r\n/g, '\n').split('\n').filter((l) => l.trim().length > 0).slice(-lines);
  }

  /** Flushes and closes the file; later entries stay in the ring only. */
  close(): Promise<void> {
    const file = this.file;
    this.file = null;
    if (!file) return Promise.resolve();
    return new Promise((resolve) => file.end(() => resolve()));
  }
}
