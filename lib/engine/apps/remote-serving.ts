// An app's serving process as the app side sees it when it runs elsewhere: its address and whether its job waits.
import type { RemoteServing } from './app-context';
import type { ProcessSupervisor } from '../processes/supervisor';

/** States in which a job has no node yet (or only just got one and is not running its command). */
const WAITING = new Set([
  'SUBMITTING',
  'PENDING',
  'CONFIGURING',
  'REQUEUED',
  'RESIZING',
  'SUSPENDED',
]);

export function remoteServing(supervisor: ProcessSupervisor, app: string): RemoteServing | null {
  const job = supervisor.jobStatus(app);
  if (!job) return null;
  const where = supervisor.locate(app);
  return {
    host: where?.host ?? null,
    ...(where?.gate ? { gate: where.gate } : {}),
    waiting: WAITING.has(job.state),
  };
}
