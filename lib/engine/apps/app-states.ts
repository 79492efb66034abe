// The app state machine: the one table of legal transitions, persisted and emitted as `app:status` on every change.
import type { AppFailure } from '../../shared/app';
import { BUSY_STATES, TRANSITIONS, type AppState } from '../../shared/app-state';
import { EngineError } from '../errors';
import type { EventBus } from '../events';
import type { AppGeneration, AppInstallRecord, AppRecord, AppStore } from './app-store';

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
