// A daemon run that outlived the Hangar that started it: its `local` kept beside its log, and its record rebuilt.
import { LOCAL_PLACEMENT } from '../../shared/placement';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../home';
import type { EventBus } from '../events';
import { RunLog } from './run-log';
import type { AdoptedDaemon } from '../processes/adopted-daemon';

export type { AdoptedDaemon };
import type { RunRecord, RunResult } from './run-types';

function localFile(logsDir: string, runId: string): string {
  return path.join(logsDir, 'runs', `${runId}.local.json`);
}

/** Keeps a ready daemon's `local` (the URL its start script captured, say) for a later Hangar that adopts it. */
export async function saveDaemonLocal(
  logsDir: string,
  runId: string,
  local: Record<string, unknown>,
): Promise<void> {
  await writeJsonAtomic(localFile(logsDir, runId), local);
}

async function loadDaemonLocal(logsDir: string, runId: string): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse(await readFile(localFile(logsDir, runId), 'utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    // Missing or unreadable: the run lives on without the values its steps had set.
    return {};
  }
}

/** The record of an adopted daemon's run: running and ready, its log continuing in the same file. */
export async function adoptedRunRecord(
  daemon: AdoptedDaemon,
  logsDir: string,
  bus: EventBus,
): Promise<RunRecord> {
  let resolveDone!: (r: RunResult) => void;
  const done = new Promise<RunResult>((r) => (resolveDone = r));
  const log = new RunLog(logsDir, daemon.runId, { bus });
  const appDir = path.dirname(daemon.script);
  const run: RunRecord = {
    info: {
      runId: daemon.runId,
      app: daemon.app,
      script: daemon.script,
      appDir,
      status: 'running',
      daemon: true,
      ready: true,
      startedAt: Date.now(),
      endedAt: null,
      step: null,
      error: null,
      pendingInput: null,
      parentId: null,
      logFile: log.path,
    },
    file: daemon.script,
    uri: daemon.script,
    cwd: appDir,
    params: {},
    extraEnv: {},
    serverArgs: [],
    placement: LOCAL_PLACEMENT,
    controller: new AbortController(),
    log,
    processes: new Map([
      [daemon.id, { id: daemon.id, pid: daemon.pid ?? undefined, stop: () => daemon.stop() }],
    ]),
    children: new Set(),
    local: await loadDaemonLocal(logsDir, daemon.runId),
    returnValue: null,
    stepsEnded: true,
    stopping: false,
    finalized: false,
    done,
    resolveDone,
  };
  return run;
}
