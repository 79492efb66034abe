// Runs, their logs and terminals as the API returns them (shared by engine, server and browser).
import { z } from 'zod';
import {
  htmlModalSchema,
  runDiagnosisSchema,
  runInputEventSchema,
  runStatusSchema,
} from './events';

export const runErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Index of the failing step, when a step failed. */
  step: z.number().optional(),
  lastLines: z.array(z.string()).optional(),
  /** Exit code of an app process that ended by itself (null when a signal killed it). */
  exitCode: z.number().nullable().optional(),
  /** Plain-language explanation and next step, when the failure matches a known error. */
  diagnosis: runDiagnosisSchema.optional(),
});
export type RunError = z.infer<typeof runErrorSchema>;

/** A snapshot of one run, safe to serialise. */
export const runInfoSchema = z.object({
  runId: z.string(),
  app: z.string().nullable(),
  /** Absolute path of the script file. */
  script: z.string(),
  appDir: z.string(),
  status: runStatusSchema,
  daemon: z.boolean(),
  /** A daemon whose steps all finished and that still runs. */
  ready: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  step: z
    .object({
      index: z.number(),
      total: z.number(),
      method: z.string(),
      title: z.string().optional(),
      id: z.string().optional(),
    })
    .nullable(),
  error: runErrorSchema.nullable(),
  pendingInput: runInputEventSchema.nullable(),
  /** The launcher's open `htmlmodal` dialog, if any. */
  htmlmodal: htmlModalSchema.nullable().optional(),
  /** A shell of the run takes keystrokes (`runs.write`): shell.run with `input: true`. */
  shellInput: z.boolean().optional(),
  parentId: z.string().nullable(),
  /** File the log is written to. */
  logFile: z.string(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

export const runLogEntrySchema = z.object({
  seq: z.number(),
  /** Milliseconds since the epoch. */
  time: z.number(),
  data: z.string(),
  stream: z.enum(['stdout', 'info', 'error']),
});
export type RunLogEntry = z.infer<typeof runLogEntrySchema>;

export const runLogPageSchema = z.object({
  entries: z.array(runLogEntrySchema),
  /** Seq of the newest entry (0 when empty): pass it as `sinceSeq` to get what follows. */
  lastSeq: z.number(),
  /** True when entries after `sinceSeq` fell out of the ring before they were read. */
  truncated: z.boolean(),
});
export type RunLogPage = z.infer<typeof runLogPageSchema>;

export const terminalInfoSchema = z.object({
  id: z.string(),
  cwd: z.string(),
  cols: z.number(),
  rows: z.number(),
  pid: z.number(),
  title: z.string(),
  createdAt: z.number(),
});
export type TerminalInfo = z.infer<typeof terminalInfoSchema>;

/** A page of a run's log file by byte offset (`runs.logText`): the whole run, not only what memory holds. */
export const runLogTextSchema = z.object({
  text: z.string(),
  /** Byte offset the text starts at (the one asked for, or the first still on disk). */
  offset: z.number(),
  /** Byte offset right after the text: ask from here for the next page; done when it equals `size`. */
  next: z.number(),
  /** Bytes of the log when it was read. */
  size: z.number(),
  /** First byte still on disk (earlier output was rotated away). */
  start: z.number(),
  /** Seq of the live entry that ends at `size`: follow `run:log` entries with a greater seq to continue without a gap. */
  lastSeq: z.number(),
});
export type RunLogText = z.infer<typeof runLogTextSchema>;

/**
 * Socket.IO event to one subscriber that fell behind: the server stopped sending it the run's live entries after
 * `seq` (and left it out of the run's room) instead of queueing them in memory. The subscriber reads the rest from
 * the log file (`runs.logText`) and subscribes again; a reader that cannot shows a "lines skipped" marker.
 */
export const RUN_LOG_SKIPPED_EVENT = 'run:log-skipped';

export const runLogSkippedSchema = z.object({
  runId: z.string(),
  /** Seq of the last live entry this subscriber was sent. */
  seq: z.number(),
});
export type RunLogSkipped = z.infer<typeof runLogSkippedSchema>;
