// A daemon run that outlived the Hangar that started it: its `local` kept beside its log, and its record rebuilt.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../home';
import type { EventBus } from '../events';
import { stripAnsi } from '../processes/log-ring';
import { RunLog } from './run-log';
import type { AdoptedDaemon } from '../processes/adopted-daemon';

export type { AdoptedDaemon };
import type { RunRecord, RunResult } from './run-types';

/** The daemons of adopted runs not ready yet, to promote once their app answers. */
const unready = new WeakMap<RunRecord, AdoptedDaemon>();

/** A URL on the node's own loopback, as apps print where they serve. */
const LOOPBACK_URL = /https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\])(?::\d+)?[^\s"'<>]*/;

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

/**
 * The record of an adopted daemon's run, its log continuing in the same file: running and ready, or (a start's job
 * re-attached before its app was ready) running and not ready. Such a run's start script cannot go on from where it
 * was, so the first loopback URL its command prints stands in for its `on` handler: it becomes `local.url`.
 */
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
      ready: daemon.ready,
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
    placement: daemon.placement,
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
  log.append(
    daemon.ready
      ? '\n[Hangar restarted and took this running process back]\n'
      : '\n[Hangar restarted and took this job back; the app is not ready yet, its start waits on]\n',
    'info',
  );
  if (!daemon.ready) {
    unready.set(run, daemon);
    watchForUrl(daemon, run.local);
  }
  return run;
}

/** Sets `local.url` to the first loopback URL the command prints (split across chunks or not). */
function watchForUrl(daemon: AdoptedDaemon, local: Record<string, unknown>): void {
  let carry = '';
  const off = daemon.onData((data) => {
    if (typeof local.url === 'string') return off();
    const text = carry + stripAnsi(data);
    const found = LOOPBACK_URL.exec(text);
    // A URL at the very end may go on in the next chunk.
    if (found && found.index + found[0].length < text.length) {
      local.url = found[0];
      off();
    } else carry = text.slice(-200);
  });
}

/**
 * An adopted run that was not ready, whose app now answers: ready from here on, its process the app's daemon (kept
 * at a graceful stop with stopAppsOnExit off, adopted as running after a restart).
 */
export async function markReady(run: RunRecord, logsDir: string): Promise<void> {
  const daemon = unready.get(run);
  if (!daemon || run.finalized) return;
  unready.delete(run);
  await daemon.promote();
  run.info.ready = true;
  await saveDaemonLocal(logsDir, run.info.runId, run.local);
}

/** An app daemon left running at a graceful stop (stopAppsOnExit off): ready, or placed on a cluster (a queued job). */
export function outlivesHangar(run: RunRecord): boolean {
  return (
    run.info.daemon && run.info.app !== null && (run.info.ready || run.placement.runner !== 'local')
  );
}
