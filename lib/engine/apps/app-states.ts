// The app state machine: allowed transitions, persisted and emitted as `app:status` on every change.
import type { AppFailure } from '../../shared/app';
import type { AppState } from '../../shared/app-state';
import { EngineError } from '../errors';
import type { EventBus } from '../events';
import type { AppRecord, AppStore } from './app-store';

const NEXT: Record<AppState, AppState[]> = {
  'not-installed': ['installing'],
  installing: ['installed', 'failed', 'not-installed'],
  installed: ['starting', 'updating', 'installing'],
  starting: ['running', 'failed', 'stopping', 'stopped'],
  running: ['stopping', 'failed', 'stopped'],
  stopping: ['stopped', 'failed'],
  stopped: ['starting', 'updating', 'installing'],
  updating: ['installed', 'stopped', 'failed'],
  failed: ['starting', 'installing', 'updating', 'stopping', 'stopped', 'installed'],
};

/** States in which an operation is in progress: another one gets `app_busy`. */
export const BUSY_STATES: ReadonlySet<AppState> = new Set(['installing', 'starting', 'stopping', 'updating']);

export interface StateChange {
  url?: string | null;
  port?: number | null;
  error?: AppFailure | null;
  startRunId?: string | null;
  commit?: string | null;
  previousCommit?: string | null;
}

export class AppStates {
  constructor(
    private readonly store: AppStore,
    private readonly bus: EventBus,
  ) {}

  async move(record: AppRecord, state: AppState, change: StateChange = {}): Promise<AppRecord> {
    if (record.state !== state && !NEXT[record.state].includes(state)) {
      throw new EngineError('conflict', `${record.name} cannot go from ${record.state} to ${state}`, { details: { name: record.name, from: record.state, to: state } });
    }
    const next: AppRecord = {
      ...record,
      ...change,
      state,
      error: change.error !== undefined ? change.error : state === 'failed' ? record.error : null,
    };
    if (state !== 'running' && state !== 'starting') Object.assign(next, { url: null, port: null });
    await this.store.put(next);
    // Events carry the public URL (the proxy path), like the API; the upstream URL stays internal.
    const url = state === 'running' ? `/apps/${next.name}/` : null;
    this.bus.emit('app:status', { name: next.name, state, url, port: state === 'running' ? next.port : null, error: next.error });
    return next;
  }

  assertIdle(record: AppRecord): void {
    if (BUSY_STATES.has(record.state)) {
      throw new EngineError('app_busy', `${record.name} is ${record.state}; wait until it finishes`, { details: { name: record.name, state: record.state } });
    }
  }
}
