// Test helper: a real StepContext over a temp app folder and a real supervisor, with the runner's ownership rules.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { homeLayout } from '../../../../../lib/engine/home';
import { ProcessSupervisor } from '../../../../../lib/engine/processes/supervisor';
import { mergedEnv } from '../../../../../lib/engine/steps/env-file';
import type { OwnedProcess, StepContext, StepRequest } from '../../../../../lib/engine/steps/types';
import { stepContext } from '../step-context';

export interface TestRun {
  ctx: StepContext;
  supervisor: ProcessSupervisor;
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
  options: { daemon?: boolean; extra?: Partial<StepContext> } = {},
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
  const supervisor = new ProcessSupervisor({ home, announce: false });
  const ctx: StepContext = {
    ...stepContext({
      runId: `run-${path.basename(dir)}`,
      home,
      app: 'demo',
      appDir,
      script: 'start.js',
      signal: controller.signal,
      log: (text, stream) => void logs.push({ text, stream }),
      env: () => mergedEnv(home.root, appDir),
      services: { supervisor, stopGraceMs: 1000 },
    }),
    daemon: options.daemon ?? false,
    emit: { notify: (e) => void notifications.push(e), webOpen: () => undefined },
    registerProcess: (proc) => {
      processes.set(proc.id, proc);
      return () => void processes.delete(proc.id);
    },
    ...options.extra,
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((p) => p.stop('run end')));
    processes.clear();
  };
  return {
    ctx,
    supervisor,
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
      await supervisor.dispose();
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
