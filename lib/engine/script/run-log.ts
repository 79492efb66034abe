// A run's log as the runner and the API see it: pages of numbered, timestamped entries over the batched process log.
import path from 'node:path';
import type { RunLogEntry, RunLogPage, RunLogText } from '../../shared/run';
import type { EventBus } from '../events';
import { RunLog as BatchedLog } from '../processes/run-log';

export type { RunLogEntry, RunLogPage, RunLogText } from '../../shared/run';

/**
 * Output is coalesced per event-loop turn into one entry (one `run:log` event), kept in a ring bounded by
 * characters for replay, and appended to `<home>/logs/runs/<runId>.log`, rotated by size.
 */
export class RunLog {
  readonly path: string;
  private readonly log: BatchedLog;

  constructor(
    logsDir: string,
    runId: string,
    options: { bus?: EventBus; ringChars?: number } = {},
  ) {
    const dir = path.join(logsDir, 'runs');
    this.log = new BatchedLog({ runId, dir, bus: options.bus, ringChars: options.ringChars });
    this.path = path.join(dir, `${runId}.log`);
  }

  append(data: string, stream: RunLogEntry['stream'] = 'stdout'): void {
    this.log.append(data, stream);
  }

  /** Commits pending output now (before a status change, so readers see the last lines first). */
  flush(): void {
    this.log.flush();
  }

  get lastSeq(): number {
    this.log.flush();
    return this.log.ring.seq - 1;
  }

  /** Entries with seq > sinceSeq (default 0), oldest first, at most `limit` (default: all held). */
  page(options: { sinceSeq?: number; limit?: number } = {}): RunLogPage {
    const since = options.sinceSeq ?? 0;
    const { chunks, truncated } = this.log.since(since);
    const lastSeq = this.log.ring.seq - 1;
    const entries = chunks
      .slice(0, Math.max(0, options.limit ?? chunks.length))
      .map(({ seq, time, data, stream }) => ({ seq, time, data, stream }));
    return { entries, lastSeq, truncated: truncated && lastSeq > since };
  }

  /** A page of the whole log file by byte offset, with the seq that joins it to live entries. */
  read(range: { offset?: number; maxBytes?: number } = {}): RunLogText {
    const page = this.log.read(range);
    return { ...page, lastSeq: this.log.ring.seq - 1 };
  }

  /** Bytes written to the log file so far. */
  get bytes(): number {
    return this.log.bytes;
  }

  /** The last lines of output (ANSI removed), for error reports. */
  tail(lines = 20): string[] {
    return this.log.lastLines(lines);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
