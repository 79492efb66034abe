// The narrow context every step method gets, and the StepMethod signature the registry holds.
import type { Placement } from '../../shared/placement';
import type { HtmlModal } from '../../shared/events';
import type { HomeLayout } from '../home';
import type { ProcessSupervisor } from '../processes/supervisor';
import type { DownloadServices } from './downloads/services';
import type { HfAccountService } from './hf-account-service';

/** What a step may pass to `resolvePath`: which roots besides the app folder are allowed. */
export interface ResolvePathOptions {
  /** Also allow paths inside `<home>/drive`. */
  allowDrive?: boolean;
  /** Also allow paths inside `<home>/cache`. */
  allowCache?: boolean;
  /** Name of the param, used in the error message (`path`, `src`, …). */
  param?: string;
}

/** How a process ended: exit code, or the signal that killed it. */
export interface ProcessExit {
  exitCode: number | null;
  signal: number | null;
}

/** Something a step started that the run owns (a pty, a child process, a server). */
export interface OwnedProcess {
  /** Stable id within the run (e.g. a shell id). */
  id: string;
  pid?: number;
  /** Stops it (and its tree). Must be idempotent and resolve once it is gone. */
  stop(reason?: string): Promise<void>;
  /** Only on shells that take the user's keystrokes (shell.run with `input: true`). */
  write?(data: string): void;
}

/** Payload of a blocking `input` request shown by the UI. */
export interface InputRequest {
  /** `input` (a form, the default), `modal` (a dialog with a Next button), `htmlmodal` (its actions answer). */
  kind?: 'input' | 'modal' | 'htmlmodal';
  title?: string;
  description?: string;
  type?: string;
  form?: unknown[];
  menu?: unknown[];
  modalId?: string;
}

/** The run's `htmlmodal` dialog as the dashboard shows it. */
export interface HtmlModalHost {
  current(): HtmlModal | null;
  /** Shows the dialog (replacing what was shown), or closes it with null. */
  show(modal: HtmlModal | null): void;
}

export interface ScriptCallOptions {
  /** Input (and args) of the callee. */
  params?: unknown;
}

/** The run memory bags (`local` is this script's `kernel.memory.local[absPath]`). */
export interface RunMemory {
  local: Record<string, unknown>;
  global: Record<string, unknown>;
  /**
   * Local variables of another running script, named by URI as Pinokio's `filePath` takes it (relative to the
   * cwd, `~/…`, absolute, or a git URI of a clone); empty when it does not run.
   */
  localOf(uri: string): Record<string, unknown>;
}

/** The engine's services a run hands its steps; a step that needs a missing one fails with `not_available`. */
export interface StepServices {
  /** Owns every process a shell step starts (exit detection, records for re-adoption after a restart). */
  supervisor?: ProcessSupervisor;
  /** Size of the pty (the client's terminal); default 100×30. */
  terminal?: { cols: number; rows: number };
  /** Grace between SIGTERM and SIGKILL when a step stops its process (default 5000 ms). */
  stopGraceMs?: number;
  /** The download manager and drive of the home (fs.download, hf.download). */
  downloads?: DownloadServices;
  /** The stored Hugging Face token (hf.login, hf.logout, hf.upload). */
  hfAccount?: HfAccountService;
}

export interface StepContext {
  runId: string;
  /** App name (folder under `<home>/api`), or null for scripts outside an app. */
  app: string | null;
  /** Root folder of the app (the launcher folder). Paths from params resolve inside it. */
  appDir: string;
  /** Absolute path of the running script file. */
  scriptFile: string;
  /** Execution directory (the script's folder unless the run was started with a cwd). */
  cwd: string;
  /** Folder of the script file. */
  dirname: string;
  home: HomeLayout;
  /** Aborted when the run stops; long work must honour it. */
  signal: AbortSignal;
  /** `daemon: true` scripts keep their processes after the last step. */
  daemon: boolean;
  /** Appended to the command of a `shell.run` that serves the app (one with a `done: true` handler). */
  serverArgs: readonly string[];
  /** Where the app's serving process runs (its launch options): the serving shell.run goes there. */
  placement: Placement;
  /** Appends to the run log (event `run:log` + `<home>/logs/runs/<runId>.log`). */
  log(text: string, stream?: 'stdout' | 'info' | 'error'): void;
  /** Events for the UI; none of these touch the server's desktop. */
  emit: {
    notify(event: { html?: string; href?: string; type?: string }): void;
    webOpen(event: { uri: string; target: 'web' | 'browser' }): void;
  };
  /** Emits `run:input` and resolves with the response given to `ScriptRunner.respond`. Rejects on stop. */
  requestInput(request: InputRequest): Promise<unknown>;
  /** The run's custom HTML dialog; absent where no dashboard can show one. */
  htmlModal?: HtmlModalHost;
  /** Merged environment: process env + home `ENVIRONMENT` + app `ENVIRONMENT`. */
  env(): Promise<Record<string, string>>;
  /** Resolves a param path inside the app folder (or drive/cache when allowed); throws EngineError('path_escape'). */
  resolvePath(p: string, options?: ResolvePathOptions): string;
  /** Resolves a script URI (relative, absolute, `~/`, git HTTP) to an absolute file, cloning if needed. */
  resolveUri(uri: string): Promise<string>;
  memory: RunMemory;
  /** The loaded script object; methods such as `self.set` change it. */
  self: Record<string, unknown>;
  /** Writes `self` back to the script file when it is JSON (no-op for JS modules). */
  persistSelf(): Promise<void>;
  /** Runs another script, waits for its steps to end, returns its `script.return` value or last result. */
  runScript(uri: string, options?: ScriptCallOptions): Promise<unknown>;
  stopScript(uri: string): Promise<void>;
  /** Stops then starts a script in the background; returns at once. */
  restartScript(uri: string, options?: ScriptCallOptions): Promise<void>;
  isRunning(uri: string): Promise<boolean>;
  isReady(uri: string): Promise<boolean>;
  /** Hands a started process to the run; the returned function releases it (when it ended by itself, with its exit). */
  registerProcess(proc: OwnedProcess): (exit?: ProcessExit) => void;
  /** Sets the next step (`jump`): an index, a step id, or null to end. */
  setNext(target: number | string | null): void;
  /** Sets the value returned to a `script.start` caller (`script.return`). */
  setReturn(value: unknown): void;
  /** Queues another action (a top-level array of steps) of the running script, with `input` (`on[].trigger`). */
  trigger(action: string, input: unknown): void;
  /** The engine's services for this run. */
  services: StepServices;
}

/** The rendered step as the method sees it. */
export interface StepRequest {
  /** Rendered params (same object as the first argument). */
  params: unknown;
  /** Method name as written in the script. */
  method: string;
  /** Index of this step and number of steps. */
  current: number;
  total: number;
  /** Index of the step that will run next, or null at the end. */
  next: number | null;
  /** Previous step's result (the launch params for step 0). */
  input: unknown;
  /** Launch params, constant for the whole run. */
  args: unknown;
  /** The raw step (unrendered) as written in the script. */
  step: Record<string, unknown>;
}
