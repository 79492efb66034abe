// Types of the script runner: public run info/results and the internal run record.
import type { Placement } from '../../shared/placement';
import type { RunError, RunInfo } from '../../shared/run';

export type { RunError, RunInfo } from '../../shared/run';
import type { OwnedProcess } from '../steps/types';
import type { RunLog } from './run-log';

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
  /**
   * Arguments appended to the command that serves the app: a `shell.run` whose `on` handlers include
   * `done: true` (the proxy profile's rootPathArg, such as `--subpath /apps/<name>`). Inherited by script.start.
   */
  serverArgs?: string[];
  /** Where the serving `shell.run` runs (an app's launch option; default this machine). Inherited by script.start. */
  placement?: Placement;
  /** A fixed `{{port}}` for the run (an app's launch option); absent: a free one at first use. */
  port?: number;
}

export interface RunRecord {
  info: RunInfo;
  /** `{{port}}` of this run, reserved once at its first use. */
  port?: number;
  file: string;
  uri: string;
  cwd: string;
  params: unknown;
  /** Extra environment from StartOptions.env, applied over the merged ENVIRONMENT files. */
  extraEnv: Record<string, string>;
  /** StartOptions.serverArgs. */
  serverArgs: string[];
  placement: Placement;
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
