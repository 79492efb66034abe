// A new run's record: its info as first reported, its log, and the `done` promise its end settles.
import { LOCAL_PLACEMENT } from '../../shared/placement';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import { RunLog } from './run-log';
import type { RunRecord, RunResult, StartOptions } from './run-types';

export interface NewRun {
  home: HomeLayout;
  bus: EventBus;
  uri: string;
  /** The script's absolute path. */
  file: string;
  app: string | null;
  appDir: string;
  /** The `local` variables of the script (shared with a live earlier run of the same file). */
  local: Record<string, unknown>;
  opts: StartOptions;
}

export function newRunRecord(spec: NewRun): RunRecord {
  const { opts } = spec;
  const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  let resolveDone!: (r: RunResult) => void;
  const done = new Promise<RunResult>((r) => (resolveDone = r));
  const log = new RunLog(spec.home.logs, runId, { bus: spec.bus });
  return {
    info: {
      runId,
      app: spec.app,
      script: spec.file,
      appDir: spec.appDir,
      status: 'running',
      daemon: false,
      ready: false,
      startedAt: Date.now(),
      endedAt: null,
      step: null,
      error: null,
      pendingInput: null,
      parentId: opts.parentId ?? null,
      logFile: log.path,
    },
    file: spec.file,
    uri: spec.uri,
    cwd: opts.cwd ? path.resolve(opts.cwd) : path.dirname(spec.file),
    params: opts.params ?? {},
    extraEnv: opts.env ?? {},
    serverArgs: opts.serverArgs ?? [],
    placement: opts.placement ?? LOCAL_PLACEMENT,
    port: opts.port,
    controller: new AbortController(),
    log,
    processes: new Map(),
    children: new Set(),
    local: spec.local,
    returnValue: null,
    stepsEnded: false,
    stopping: false,
    finalized: false,
    done,
    resolveDone,
  };
}
