// Test helpers for the script runner: a temp home with an app folder, a runner, and event waits.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineEventName, EngineEvents } from '../../../../lib/shared/events';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { ScriptRunner } from '../../../../lib/engine/script/runs';

export interface RunnerEnv {
  home: HomeLayout;
  bus: EventBus;
  runner: ScriptRunner;
  appDir: string;
  /** The data of every run:log event so far, in order. */
  logs: string[];
  /** Writes a file under the app folder (objects become JSON). */
  write(rel: string, content: unknown): Promise<string>;
  /** Resolves with the first event matching pred, or rejects after timeoutMs. */
  waitFor<K extends EngineEventName>(
    name: K,
    pred: (p: EngineEvents[K]) => boolean,
    timeoutMs?: number,
  ): Promise<EngineEvents[K]>;
  cleanup(): Promise<void>;
}

export async function makeRunnerEnv(app = 'demo'): Promise<RunnerEnv> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hangar-runner-'));
  const { layout: home } = await ensureHome(root);
  const bus = new EventBus();
  const supervisor = new ProcessSupervisor({ home, bus, announce: false });
  const runner = new ScriptRunner({ home, bus, stepServices: () => ({ supervisor }) });
  const appDir = path.join(home.api, app);
  await mkdir(appDir, { recursive: true });
  const logs: string[] = [];
  bus.on('run:log', (e) => void logs.push(e.data));
  const write = async (rel: string, content: unknown) => {
    const file = path.join(appDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  };
  const waitFor: RunnerEnv['waitFor'] = (name, pred, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for ${name}`));
      }, timeoutMs);
      const off = bus.on(name, (payload) => {
        if (!pred(payload)) return;
        clearTimeout(timer);
        off();
        resolve(payload);
      });
    });
  const cleanup = async () => {
    await runner.dispose();
    await supervisor.dispose();
    await rm(root, { recursive: true, force: true });
  };
  return { home, bus, runner, appDir, logs, write, waitFor, cleanup };
}
