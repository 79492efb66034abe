// The app state machine: the one table of legal transitions, persisted and emitted as `app:status` on every change.
import type { AppFailure } from '../../shared/app';
import { BUSY_STATES, type AppState } from '../../shared/app-state';
import { EngineError } from '../errors';
import type { EventBus } from '../events';
import type { AppGeneration, AppInstallRecord, AppRecord, AppStore } from './app-store';

/**
 * Legal transitions (the README's "App states" table says the same):
 *
 * | from           | to                                                        | by                                                   |
 * |----------------|-----------------------------------------------------------|------------------------------------------------------|
 * | not-installed  | installing, removing                                      | install (its files are fetched first), remove        |
 * | installing     | installed, install-failed                                 | the install run ends; a stop cancels it              |
 * | install-failed | installing, updating, removing                            | reinstall (apps.install or install.js), update, remove |
 * | installed      | starting, installing, updating, removing                  | start, install.js from the menu, update/rollback, remove |
 * | starting       | running, failed, stopping, stopped                        | ready, start failure, stop                           |
 * | running        | stopping, stopped, failed, removing                       | stop, the app exits, the app crashes, remove         |
 * | stopping       | stopped, failed                                           | the processes are gone                               |
 * | stopped        | starting, installing, updating, removing                  | like installed                                       |
 * | failed         | starting, stopping, stopped, installing, updating, removing | a start or run failed: start again, stop, reinstall… |
 * | updating       | installed, stopped, install-failed, failed, installing    | back to where it was; failed when a rollback failed; installing when a rollback crosses an install-script change |
 * | removing       | not-installed, stopped, install-failed                    | removed (the record goes), or the removal failed     |
 *
 * `failed` is a start or run failure of an installed app; `install-failed` an install that failed or was cancelled.
 */
export const TRANSITIONS: Readonly<Record<AppState, readonly AppState[]>> = {
  'not-installed': ['installing', 'removing'],
  installing: ['installed', 'install-failed'],
  'install-failed': ['installing', 'updating', 'removing'],
  installed: ['starting', 'installing', 'updating', 'removing'],
  starting: ['running', 'failed', 'stopping', 'stopped'],
  running: ['stopping', 'stopped', 'failed', 'removing'],
  stopping: ['stopped', 'failed'],
  stopped: ['starting', 'installing', 'updating', 'removing'],
  failed: ['starting', 'stopping', 'stopped', 'installing', 'updating', 'removing'],
  updating: ['installed', 'stopped', 'install-failed', 'failed', 'installing'],
  removing: ['not-installed', 'stopped', 'install-failed'],
};

/** States whose error stays when no new one is given: it explains the state. */
const ERROR_STATES: ReadonlySet<AppState> = new Set<AppState>(['failed', 'install-failed']);

export interface StateChange {
  url?: string | null;
  port?: number | null;
  error?: AppFailure | null;
  startRunId?: string | null;
  commit?: string | null;
  previousCommit?: string | null;
  generations?: AppGeneration[];
  lastInstall?: AppInstallRecord | null;
}

export class AppStates {
  constructor(
    private readonly store: AppStore,
    private readonly bus: EventBus,
  ) {}

  /**
   * Moves the app from the state `record` holds. When another call moved or removed the app since `record` was read
   * (a caller that awaited in between), the move is refused: writing the stale record would undo that change, or
   * bring back an app just removed.
   */
  async move(record: AppRecord, state: AppState, change: StateChange = {}): Promise<AppRecord> {
    const current = this.store.get(record.name);
    if (!current && record.state !== 'not-installed')
      throw new EngineError('app_not_found', `${record.name} was removed meanwhile`, {
        details: { name: record.name },
      });
    if (current && current.state !== record.state)
      throw new EngineError(
        'app_busy',
        `${record.name} is ${current.state} now (another call changed it); try again`,
        { details: { name: record.name, state: current.state } },
      );
    if (record.state !== state && !TRANSITIONS[record.state].includes(state)) {
      throw new EngineError(
        'conflict',
        `${record.name} cannot go from ${record.state} to ${state}`,
        { details: { name: record.name, from: record.state, to: state } },
      );
    }
    const next: AppRecord = {
      ...record,
      ...change,
      state,
      error:
        change.error !== undefined ? change.error : ERROR_STATES.has(state) ? record.error : null,
    };
    if (state !== 'running' && state !== 'starting') Object.assign(next, { url: null, port: null });
    if (state === 'not-installed') await this.store.delete(next.name);
    else await this.store.put(next);
    // Events carry the public URL (the proxy path), like the API; the upstream URL stays internal.
    const url = state === 'running' ? `/apps/${next.name}/` : null;
    this.bus.emit('app:status', {
      name: next.name,
      state,
      url,
      port: state === 'running' ? next.port : null,
      error: next.error,
    });
    return next;
  }

  assertIdle(record: AppRecord): void {
    if (BUSY_STATES.has(record.state)) {
      throw new EngineError(
        'app_busy',
        `${record.name} is ${record.state}; wait until it finishes`,
        { details: { name: record.name, state: record.state } },
      );
    }
  }
}
