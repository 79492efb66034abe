// The engine's event map: one typed record of `domain:event` names and their payloads.
import type { JobStatus } from './placement';
import { z } from 'zod';
import type { AppState } from './app-state';
import type { UpdateCheck } from './updates';

export const RUN_STATUSES = [
  'queued',
  'running',
  'waiting',
  'finished',
  'failed',
  'stopped',
  'exited',
  'crashed',
] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Statuses of a run that has not ended: it may still write output, ask a question or be stopped. */
const LIVE_RUN_STATUSES: ReadonlySet<string> = new Set<RunStatus>(['queued', 'running', 'waiting']);

/** Whether a run with this status has not ended yet. */
export function isLiveRun(status: string): boolean {
  return LIVE_RUN_STATUSES.has(status);
}

export interface RunLogEvent {
  runId: string;
  seq: number;
  /** Raw output chunk (may contain ANSI escapes). */
  data: string;
  stream?: 'stdout' | 'info' | 'error';
}

export interface RunStatusEvent {
  runId: string;
  app?: string;
  script: string;
  status: RunStatus;
  error?: {
    code: string;
    message: string;
    step?: number;
    lastLines?: string[];
    diagnosis?: RunDiagnosis;
  };
  result?: unknown;
}

/** What a failed run's output means in plain language and what to do next (from the known-error matcher). */
export const runDiagnosisSchema = z.object({
  /** Known-error id such as `port_in_use`, `cuda_oom`, `missing_tool`. */
  id: z.string(),
  explanation: z.string(),
  nextStep: z.string(),
  /** The output line that matched. */
  evidence: z.string().optional(),
});
export type RunDiagnosis = z.infer<typeof runDiagnosisSchema>;

export interface RunStepEvent {
  runId: string;
  index: number;
  total: number;
  method: string;
  /** The step as a person reads it (the launcher's title, else the method and the gist of its params). */
  title?: string;
  id?: string;
}

export const runInputEventSchema = z.object({
  runId: z.string(),
  requestId: z.string(),
  /** What waits: an `input` form (default), a `modal` dialog, or an `htmlmodal` dialog with `await`. */
  kind: z.enum(['input', 'modal', 'htmlmodal']).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  form: z.array(z.unknown()).optional(),
  /** `modal`: link buttons `{text, href, icon}` shown under the description. */
  menu: z.array(z.unknown()).optional(),
  /** `htmlmodal`: the id of the dialog whose actions answer. */
  modalId: z.string().optional(),
});
export type RunInputEvent = z.infer<typeof runInputEventSchema>;

/** A launcher's custom HTML dialog (`htmlmodal.*`) as the dashboard shows it. */
export const htmlModalSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  /** Launcher HTML: shown only inside a sandboxed frame, never on Hangar's origin. */
  html: z.string().optional(),
  status: z
    .object({
      text: z.string().optional(),
      waiting: z.boolean().optional(),
      variant: z.string().optional(),
    })
    .nullable()
    .optional(),
  actions: z.array(z.unknown()).optional(),
  dismissible: z.boolean().optional(),
  variant: z.string().optional(),
});
export type HtmlModal = z.infer<typeof htmlModalSchema>;

export const runHtmlModalEventSchema = z.object({
  runId: z.string(),
  /** The dialog now, or null once closed. */
  modal: htmlModalSchema.nullable(),
});
export type RunHtmlModalEvent = z.infer<typeof runHtmlModalEventSchema>;

/** Whether a shell of the run takes keystrokes now (shell.run with `input: true`). */
export interface RunShellInputEvent {
  runId: string;
  open: boolean;
}

export interface NotifyEvent {
  runId?: string;
  html?: string;
  href?: string;
  type?: string;
}

export interface WebOpenEvent {
  runId?: string;
  uri: string;
  target: 'web' | 'browser';
}

export interface AppStatusEvent {
  name: string;
  state: AppState;
  url?: string | null;
  port?: number | null;
  error?: { message: string; step?: number; lastLines?: string[] } | null;
}

/** An app's cluster job changed state (PENDING with a reason, RUNNING on a node, ended as TIMEOUT…). */
export interface AppJobEvent {
  name: string;
  job: JobStatus;
}

export interface DownloadProgressEvent {
  id: string;
  url: string;
  dest: string;
  bytes: number;
  total: number | null;
  rate: number;
  etaSec: number | null;
  /** The run whose fs.download started it, if any. */
  runId?: string;
  state: 'queued' | 'downloading' | 'paused' | 'verifying' | 'done' | 'failed' | 'cancelled';
  error?: string;
  /** The server's HTTP status when it answered the download with an error (404, 403, 503…). */
  httpStatus?: number;
}

export interface ModelsImportEvent {
  id: string;
  folder: string;
  state: 'scanning' | 'hashing' | 'done' | 'failed';
  files: number;
  done: number;
  totalBytes: number;
  hashedBytes: number;
  error?: string;
}

export interface TerminalDataEvent {
  id: string;
  data: string;
}

export interface TerminalExitEvent {
  id: string;
  exitCode: number | null;
  signal?: number | null;
}

export interface EngineEvents {
  'run:log': RunLogEvent;
  'run:status': RunStatusEvent;
  'run:step': RunStepEvent;
  'run:input': RunInputEvent;
  'run:htmlmodal': RunHtmlModalEvent;
  'run:shell-input': RunShellInputEvent;
  'run:notify': NotifyEvent;
  'run:web-open': WebOpenEvent;
  'app:status': AppStatusEvent;
  'app:job': AppJobEvent;
  /** The result of checking one app's upstream for new commits. */
  'app:updates': UpdateCheck;
  'download:progress': DownloadProgressEvent;
  'models:import': ModelsImportEvent;
  'terminal:data': TerminalDataEvent;
  'terminal:exit': TerminalExitEvent;
}

export type EngineEventName = keyof EngineEvents;

/** Every engine event, once (the record type makes the compiler refuse a missing or unknown name). */
const EVENT_FLAGS: Record<EngineEventName, { room: boolean }> = {
  'run:log': { room: true },
  'run:status': { room: false },
  'run:step': { room: false },
  'run:input': { room: false },
  'run:htmlmodal': { room: false },
  'run:shell-input': { room: false },
  'run:notify': { room: false },
  'run:web-open': { room: false },
  'app:status': { room: false },
  'app:job': { room: false },
  'app:updates': { room: false },
  'download:progress': { room: false },
  'models:import': { room: false },
  'terminal:data': { room: true },
  'terminal:exit': { room: true },
};
export const ENGINE_EVENT_NAMES = Object.keys(EVENT_FLAGS) as EngineEventName[];
/** Events every client gets (small and infrequent); the others go only to the room of their run or terminal. */
export const BROADCAST_EVENT_NAMES = ENGINE_EVENT_NAMES.filter((name) => !EVENT_FLAGS[name].room);
