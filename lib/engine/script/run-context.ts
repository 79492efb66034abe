// Builds the StepContext a step method gets from a run record and the runner's services.
import path from 'node:path';
import type { ProcessExit } from '../steps/types';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import { writeJsonAtomic } from '../home';
import { EngineError } from '../errors';
import { mergedEnv } from '../steps/env-file';
import type {
  ResolvePathOptions,
  ScriptCallOptions,
  StepContext,
  StepServices,
} from '../steps/types';
import type { InputWaits } from './input-waits';
import type { LoadedScript } from './loader';
import { findClone, parseGitUri } from './resolve-uri';
import type { RunRecord } from './run-types';
import { resolveInside } from './safe-path';

/** Runner services a run's steps reach through their context. */
export interface RunHost {
  home: HomeLayout;
  bus: EventBus;
  inputs: InputWaits;
  globals: Record<string, unknown>;
  resolveUri(run: RunRecord, uri: string): Promise<string>;
  runScript(run: RunRecord, uri: string, options?: ScriptCallOptions): Promise<unknown>;
  stopScript(run: RunRecord, uri: string): Promise<void>;
  restartScript(run: RunRecord, uri: string, options?: ScriptCallOptions): Promise<void>;
  isRunning(absPath: string): boolean;
  isReady(absPath: string): boolean;
  localOf(absPath: string): Record<string, unknown>;
  log(run: RunRecord, text: string, stream?: 'stdout' | 'info' | 'error'): void;
  setWaiting(
    run: RunRecord,
    waiting: boolean,
    requestId?: string,
    request?: Record<string, unknown>,
  ): void;
  processEnded(run: RunRecord, exit?: ProcessExit): void;
  /** The engine's services for a run's steps (supervisor, downloads, …). */
  services(run: RunRecord): StepServices;
  /** ScriptRunnerOptions.browserUri. */
  browserUri?: (uri: string) => string;
}

/** Per-step control the flow methods write: a jump target. */
export interface StepControl {
  next?: { target: number | string | null };
}

/** Resolves a path param: git URIs of existing clones, `~/`, relative to the cwd; inside app/drive/cache. */
export function resolveRunPath(
  home: HomeLayout,
  run: RunRecord,
  p: string,
  options: ResolvePathOptions = {},
): string {
  const allowed = [run.info.appDir];
  if (options.allowDrive) allowed.push(home.drive);
  if (options.allowCache) allowed.push(home.cache);
  let target = p;
  const git = typeof p === 'string' ? parseGitUri(p) : null;
  if (git) {
    const clone = findClone(home.api, git.repo);
    if (!clone) {
      throw new EngineError(
        'not_found',
        `param "${options.param ?? 'path'}" names ${git.repo}, which is not cloned into ${home.api} yet`,
        {
          details: { param: options.param, repo: git.repo },
        },
      );
    }
    allowed.push(clone);
    target = path.join(clone, git.sub);
  }
  return resolveInside(target, { base: run.cwd, allowed, home: home.root, param: options.param });
}

export function buildStepContext(
  host: RunHost,
  run: RunRecord,
  loaded: LoadedScript,
  control: StepControl,
  trigger: StepContext['trigger'],
): StepContext {
  const runId = run.info.runId;
  return {
    services: host.services(run),
    runId,
    app: run.info.app,
    appDir: run.info.appDir,
    scriptFile: run.file,
    cwd: run.cwd,
    dirname: path.dirname(run.file),
    home: host.home,
    signal: run.controller.signal,
    daemon: run.info.daemon,
    serverArgs: run.serverArgs,
    placement: run.placement,
    log: (text, stream) => host.log(run, text, stream),
    emit: {
      notify: (event) => host.bus.emit('run:notify', { runId, ...event }),
      webOpen: (event) =>
        host.bus.emit('run:web-open', {
          runId,
          ...event,
          uri: host.browserUri?.(event.uri) ?? event.uri,
        }),
    },
    requestInput: async (request) => {
      const { requestId, answer } = host.inputs.open(runId);
      host.setWaiting(run, true, requestId, { ...request });
      try {
        return await answer;
      } finally {
        host.setWaiting(run, false);
      }
    },
    htmlModal: {
      current: () => run.info.htmlmodal ?? null,
      show: (modal) => {
        run.info.htmlmodal = modal;
        host.bus.emit('run:htmlmodal', { runId, modal });
      },
    },
    env: async () => ({ ...(await mergedEnv(host.home.root, run.info.appDir)), ...run.extraEnv }),
    resolvePath: (p, options) => resolveRunPath(host.home, run, p, options),
    resolveUri: (uri) => host.resolveUri(run, uri),
    memory: {
      local: run.local,
      global: host.globals,
      localOf: (uri) => {
        const file = scriptPathOf(host.home, run.cwd, uri);
        return file ? host.localOf(file) : {};
      },
    },
    self: loaded.self,
    persistSelf: async () => {
      if (loaded.format !== 'json') return;
      await writeJsonAtomic(loaded.file, JSON.parse(JSON.stringify(loaded.self)));
    },
    runScript: (uri, options) => host.runScript(run, uri, options),
    stopScript: (uri) => host.stopScript(run, uri),
    restartScript: (uri, options) => host.restartScript(run, uri, options),
    isRunning: async (uri) => host.isRunning(await host.resolveUri(run, uri)),
    isReady: async (uri) => host.isReady(await host.resolveUri(run, uri)),
    registerProcess: (proc) => {
      run.processes.set(proc.id, proc);
      if (proc.write) markShellInput(host, run);
      return (exit) => {
        if (run.processes.get(proc.id) !== proc) return;
        run.processes.delete(proc.id);
        if (proc.write) markShellInput(host, run);
        host.processEnded(run, exit);
      };
    },
    setNext: (target) => {
      control.next = { target };
    },
    setReturn: (value) => {
      run.returnValue = { value };
    },
    trigger,
  };
}

/** Tells the dashboard whether one of the run's shells takes keystrokes now. */
function markShellInput(host: RunHost, run: RunRecord): void {
  const open = [...run.processes.values()].some((p) => p.write !== undefined);
  if ((run.info.shellInput ?? false) === open) return;
  run.info.shellInput = open;
  host.bus.emit('run:shell-input', { runId: run.info.runId, open });
}

/** The absolute path a script URI names, without cloning (Pinokio's `api.filePath`); null for an absent clone. */
export function scriptPathOf(home: HomeLayout, cwd: string, uri: string): string | null {
  const git = parseGitUri(uri);
  if (git) {
    const dir = findClone(home.api, git.repo);
    return dir ? path.resolve(dir, git.sub) : null;
  }
  if (uri === '~' || uri.startsWith('~/')) return path.resolve(home.root, uri.slice(2));
  return path.resolve(cwd, uri);
}
