// Runs, their logs and terminals as the API returns them (shared by engine, server and browser).
import type { RunDiagnosis, RunInputEvent, RunStatus } from './events';

export interface RunError {
  code: string;
  message: string;
  /** Index of the failing step, when a step failed. */
  step?: number;
  lastLines?: string[];
  /** Exit code of an app process that ended by itself (null when a signal killed it). */
  exitCode?: number | null;
  /** Plain-language explanation and next step, when the failure matches a known error. */
  diagnosis?: RunDiagnosis;
}

/** A snapshot of one run, safe to serialise. */
export interface RunInfo {
  runId: string;
  app: string | null;
  /** Absolute path of the script file. */
  script: string;
  appDir: string;
  status: RunStatus;
  daemon: boolean;
  /** A daemon whose steps all finished and that still runs. */
  ready: boolean;
  startedAt: number;
  endedAt: number | null;
  step: { index: number; total: number; method: string; id?: string } | null;
  error: RunError | null;
  pendingInput: RunInputEvent | null;
  parentId: string | null;
  /** File the log is written to. */
  logFile: string;
}

export interface RunLogEntry {
  seq: number;
  /** Milliseconds since the epoch. */
  time: number;
  data: string;
  stream: 'stdout' | 'info' | 'error';
}

export interface RunLogPage {
  entries: RunLogEntry[];
  /** Seq of the newest entry (0 when empty): pass it as `sinceSeq` to get what follows. */
  lastSeq: number;
  /** True when entries after `sinceSeq` fell out of the ring before they were read. */
  truncated: boolean;
}

export interface TerminalInfo {
  id: string;
  cwd: string;
  cols: number;
  rows: number;
  pid: number;
  title: string;
  createdAt: number;
}

/** A page of a run's log file by byte offset (`runs.logText`): the whole run, not only what memory holds. */
export interface RunLogText {
  text: string;
  /** Byte offset the text starts at (the one asked for, or the first still on disk). */
  offset: number;
  /** Byte offset right after the text: ask from here for the next page; done when it equals `size`. */
  next: number;
  /** Bytes of the log when it was read. */
  size: number;
  /** First byte still on disk (earlier output was rotated away). */
  start: number;
  /** Seq of the live entry that ends at `size`: follow `run:log` entries with a greater seq to continue without a gap. */
  lastSeq: number;
}

/**
 * Socket.IO event to one subscriber that fell behind: the server stopped sending it the run's live entries after
 * `seq` (and left it out of the run's room) instead of queueing them in memory. The subscriber reads the rest from
 * the log file (`runs.logText`) and subscribes again; a reader that cannot shows a "lines skipped" marker.
 */
export const RUN_LOG_SKIPPED_EVENT = 'run:log-skipped';

export interface RunLogSkipped {
  runId: string;
  /** Seq of the last live entry this subscriber was sent. */
  seq: number;
}
