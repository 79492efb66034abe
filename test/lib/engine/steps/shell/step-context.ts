// Test helper: a real StepContext over a temp app folder, with the runner's ownership rules (stop at end unless daemon).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { homeLayout } from '../../../../../lib/engine/home';
import { resolveInside } from '../../../../../lib/engine/script/safe-path';
import { mergedEnv } from '../../../../../lib/engine/steps/env-file';
import type { OwnedProcess, StepRequest } from '../../../../../lib/engine/steps/types';
import type { ShellContext } from '../../../../../lib/engine/steps/shell/shell-context';

export interface TestRun {
  ctx: ShellContext;
  dir: string;
  appDir: string;
  logs: Array<{ text: string; stream?: string }>;
  notifications: unknown[];
  processes: Map<string, OwnedProcess>;
  controller: AbortController;
  output(): string;
  /** Ends the run as the runner does: non-daemon runs stop their processes. */
  end(): Promise<void>;
  /** Stops everything and removes the temp folder. */
  dispose(): Promise<void>;
}

export async function createRun(
  options: { daemon?: boolean; extra?: Partial<ShellContext> } = {},
): Promise<TestRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-shell-'));
  const home = homeLayout(path.join(dir, 'home'));
  const appDir = path.join(home.api, 'demo');
  await mkdir(appDir, { recursive: true });
  await mkdir(home.cache, { recursive: true });
  const logs: TestRun['logs'] = [];
  const notifications: unknown[] = [];
  const processes = new Map<string, OwnedProcess>();
  const controller = new AbortController();
  const unsupported = (): never => {
    throw new Error('not used by shell steps');
  };
  const ctx: ShellContext = {
    runId: `run-${path.basename(dir)}`,
    app: 'demo',
    appDir,
    scriptFile: path.join(appDir, 'start.js'),
    cwd: appDir,
    dirname: appDir,
    home,
    signal: controller.signal,
    daemon: options.daemon ?? false,
    serverArgs: [],
    log: (text, stream) => void logs.push({ text, stream }),
    emit: { notify: (e) => void notifications.push(e), webOpen: () => undefined },
    requestInput: unsupported,
    env: () => mergedEnv(home.root, appDir),
    resolvePath: (p, o) =>
      resolveInside(p, {
        base: appDir,
        allowed: [
          appDir,
          ...(o?.allowCache ? [home.cache] : []),
          ...(o?.allowDrive ? [home.drive] : []),
        ],
        home: home.root,
        param: o?.param,
      }),
    resolveUri: unsupported,
    memory: { local: {}, global: {}, localOf: () => ({}) },
    self: {},
    persistSelf: async () => undefined,
    runScript: unsupported,
    stopScript: unsupported,
    restartScript: unsupported,
    isRunning: async () => false,
    isReady: async () => false,
    registerProcess: (proc) => {
      processes.set(proc.id, proc);
      return () => void processes.delete(proc.id);
    },
    setNext: () => undefined,
    setReturn: () => undefined,
    trigger: unsupported,
    stopGraceMs: 1000,
    ...options.extra,
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((p) => p.stop('run end')));
    processes.clear();
  };
  return {
    ctx,
    dir,
    appDir,
    logs,
    notifications,
    processes,
    controller,
    output: () =>
      logs
        .filter((l) => l.stream === 'stdout')
        .map((l) => l.text)
        .join(''),
    end: async () => {
      if (!ctx.daemon) await stopAll();
    },
    dispose: async () => {
      controller.abort();
      await stopAll();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function request(params: unknown): StepRequest {
  return {
    params,
    method: 'shell.run',
    current: 0,
    total: 1,
    next: null,
    input: null,
    args: null,
    step: {},
  };
}
