// What the supervisor tells others when a process ends: the exit event, and the run and app status on the bus.
import type { EventBus } from '../events';
import type { ProcessExitEvent, SupervisedProcess } from './supervised-process';

export function exitEvent(
  entry: SupervisedProcess,
  status: ProcessExitEvent['status'],
  exitCode: number | null,
  signal: number | null,
): ProcessExitEvent {
  return {
    id: entry.id,
    app: entry.app,
    runId: entry.runId,
    script: entry.options.script ?? '',
    status,
    exitCode,
    signal,
    lastLines: entry.tail.lastLines(20),
  };
}

/**
 * Emits `run:status` for a process that ended on its own, and `app:status` when it was the app's last one
 * (`appStillRuns` false).
 */
export function announceExit(bus: EventBus, event: ProcessExitEvent, appStillRuns: boolean): void {
  const message =
    event.status === 'crashed'
      ? `Process exited with code ${event.exitCode ?? `signal ${event.signal}`}`
      : 'Process exited';
  bus.emit('run:status', {
    runId: event.runId,
    app: event.app ?? undefined,
    script: event.script,
    status: event.status === 'crashed' ? 'crashed' : 'exited',
    error:
      event.status === 'crashed'
        ? { code: 'step_failed', message, lastLines: event.lastLines }
        : undefined,
  });
  if (event.app && !appStillRuns) {
    bus.emit('app:status', {
      name: event.app,
      state: event.status === 'crashed' ? 'failed' : 'stopped',
      url: null,
      port: null,
      error: event.status === 'crashed' ? { message, lastLines: event.lastLines } : null,
    });
  }
}
