// Types of the script runner: public run info/results and the internal run record.
import type { RunDiagnosis, RunInputEvent, RunStatus } from '../../shared/events';
import type { OwnedProcess } from '../steps/types';
import type { RunLog } from './run-log';

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

/** What `done` resolves with. A daemon whose steps ended resolves with status 'running' (it keeps running). */
export interface RunResult {
  runId: string;
  status: 'finished' | 'failed' | 'stopped' | 'running' | 'exited' | 'crashed';
  /** The `script.return` value, or the last step's result. */
  result?: unknown;
  error?: RunError;
}

export interface StartOptions {
  /** Input of step 0 and `args` for the whole run. */
  params?: unknown;
  /** App name (folder under `<home>/api`); derived from the script path when omitted. */
  app?: string;
  /** App root folder; defaults to `<home>/api/<app>` or the script's folder. */
  appDir?: string;
  /** Folder a relative `uri` resolves against, and the run's execution dir; defaults to the app folder. */
  cwd?: string;
  /** The run that started this one with `script.start`. */
  parentId?: string;
  /** Extra environment for every process of the run and of the scripts it starts (e.g. GRADIO_ROOT_PATH). */
  env?: Record<string, string>;
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

export interface RunRecord {
  info: RunInfo;
  file: string;
  uri: string;
  cwd: string;
  params: unknown;
  /** Extra environment from StartOptions.env, applied over the merged ENVIRONMENT files. */
  extraEnv: Record<string, string>;
  controller: AbortController;
  log: RunLog;
  processes: Map<string, OwnedProcess>;
  children: Set<string>;
  local: Record<string, unknown>;
  returnValue: { value: unknown } | null;
  stepsEnded: boolean;
  stopping: boolean;
  finalized: boolean;
  done: Promise<RunResult>;
  resolveDone(result: RunResult): void;
}
