// What the app manager is built with, and the context its parts (starts, sources, profiles, restarts…) share.
import type { JobStatus } from '../../shared/placement';
import type { Gpu } from '../../shared/system';
import path from 'node:path';
import type { AppOriginMode } from '../../shared/app-origin';
import { EngineError } from '../errors';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import type { ScriptRunner } from '../script/runs';
import type { GateAddress } from '../../http/app-dial';
import type { AppRuns } from './app-runs';
import type { AppStates } from './app-states';
import type { AppRecord, AppStore } from './app-store';
import type { Catalog } from './catalog';
import type { RestartSchedulerOptions } from './restart-scheduler';

/**
 * An app served from another host: its address once known (with the gate on that host that connections go
 * through), and whether its job still waits for a node.
 */
export interface RemoteServing {
  host: string | null;
  gate?: GateAddress;
  waiting: boolean;
}

export interface AppManagerOptions {
  home: HomeLayout;
  bus: EventBus;
  runner: ScriptRunner;
  catalog: Catalog;
  /** Default time a start may take before it fails (ms). */
  startTimeoutMs?: number;
  /** Backoff of the on-failure restart policy (tests shorten it). */
  restartBackoff?: RestartSchedulerOptions;
  /** Pids of the app's running processes (for its GPU memory). */
  pidsOf?: (name: string) => number[];
  /** config.json's `appOrigins` as read at start: `path` serves every `origin`-mode app under /apps/<name>/. */
  appOrigins?: AppOriginMode;
  /**
   * Where the app's serving process runs when it is not this machine (a cluster node's address), and whether its job
   * still waits for one; null for an app on this machine.
   */
  remote?: (app: string) => RemoteServing | null;
  /** The last view of a run's cluster job, kept after its end (TIMEOUT, NODE_FAIL…); null for a local run. */
  jobOfRun?: (runId: string) => JobStatus | null;
  /** The app's cluster job (Slurm's state and reason) while it has one; null otherwise. */
  jobStatus?: (app: string) => JobStatus | null;
  /** Whether the program listening on `port` is `app`'s own (see readiness); null when it cannot be told. */
  portOwner?: (
    app: string,
    port: number,
  ) => Promise<{ owned: boolean; owner: { pid: number; command: string | null } } | null>;
  /** config.json's `stopAppsOnExit` as set now (default true): a graceful Hangar stop also stops the apps. */
  stopAppsOnExit?: () => boolean;
  /** `updates.keepGenerations` as set now (default 3). */
  keepGenerations?: () => number;
  /** The GPUs detected at start (GPU choices are checked against them); absent: none. */
  gpus?: () => Gpu[];
}

/** The state every part of the app manager reads: options, records, the state machine and the apps' runs. */
export interface AppContext {
  options: AppManagerOptions;
  store: AppStore;
  states: AppStates;
  runs: AppRuns;
  /** `<home>/api/<name>`. */
  appDir: (name: string) => string;
  /** The app's record (app_not_found when it has none). */
  record: (name: string) => AppRecord;
}

export function appContext(
  options: AppManagerOptions,
  parts: Pick<AppContext, 'store' | 'states' | 'runs'>,
): AppContext {
  return {
    options,
    ...parts,
    appDir: (name) => path.join(options.home.api, name),
    record: (name) => {
      const record = parts.store.get(name);
      if (!record)
        throw new EngineError('app_not_found', `no app named ${name}`, { details: { name } });
      return record;
    },
  };
}

/** Where the proxy serves an app. */
export function publicUrl(name: string): string {
  return `/apps/${name}/`;
}
