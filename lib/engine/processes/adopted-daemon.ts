// The runner's view of a daemon the supervisor adopted after a restart: its output, its end, its stop.
import { LOCAL_PLACEMENT, type Placement } from '../../shared/placement';
import type { SupervisedProcess } from './supervised-process';
import type { ProcessSupervisor } from './supervisor';

/** An app daemon the supervisor adopted after a restart, as the runner needs it. */
export interface AdoptedDaemon {
  id: string;
  runId: string;
  app: string | null;
  script: string;
  pid: number | null;
  /** False: a start's command re-attached before its app was ready (see `SupervisedProcess.awaitingReady`). */
  ready: boolean;
  /** Where it runs (a cluster's job is kept at a graceful stop while its app is not ready yet). */
  placement: Placement;
  /** Makes it the app's serving process once its app answers (adopted as such after a later restart). */
  promote(): Promise<void>;
  onData(listener: (data: string) => void): () => void;
  /** Resolves when it ends, with how. */
  ended: Promise<'exited' | 'crashed' | 'stopped'>;
  stop(): Promise<void>;
}

export function adoptedDaemon(
  supervisor: ProcessSupervisor,
  entry: SupervisedProcess,
): AdoptedDaemon {
  const ended = new Promise<'exited' | 'crashed' | 'stopped'>((resolve) => {
    const off = supervisor.onExit((event) => {
      if (event.id !== entry.id) return;
      off();
      resolve(event.status);
    });
  });
  return {
    id: entry.id,
    runId: entry.runId,
    app: entry.app,
    script: entry.options.script ?? '',
    pid: entry.pid,
    ready: !entry.awaitingReady,
    placement: entry.options.placement ?? LOCAL_PLACEMENT,
    promote: () => supervisor.promote(entry.id),
    onData: (listener) => entry.onData(listener),
    ended,
    stop: () => supervisor.stop(entry.id),
  };
}
