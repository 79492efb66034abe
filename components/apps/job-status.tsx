// An app's cluster job beside its state: "Slurm job 12 · queued: waiting for free resources", "Slurm job 12 · running
// on node1". Slurm's own words ("PENDING, Resources") are the tooltip.
import type { AppSummary } from '@/lib/shared/app';
import { jobWords, slurmSays } from '@/lib/shared/slurm-words';

/** While the app starts, runs or stops; once it ended, the app's state and error tell the story. */
const LIVE_STATES = new Set<AppSummary['state']>(['starting', 'running', 'stopping']);

function colorOf(state: string): string {
  if (state === 'RUNNING') return 'text-emerald-700 dark:text-emerald-400';
  if (state === 'PENDING' || state === 'CONFIGURING') return 'text-amber-700 dark:text-amber-400';
  return 'text-zinc-600 dark:text-zinc-400';
}

export function JobStatus({
  app,
  className = '',
}: {
  app: Pick<AppSummary, 'state' | 'job'>;
  className?: string;
}) {
  const { job } = app;
  if (!job || !LIVE_STATES.has(app.state)) return null;
  return (
    <span
      data-testid="job-status"
      data-job-state={job.state}
      title={`Slurm: ${slurmSays(job)}`}
      className={`text-xs font-medium ${colorOf(job.state)} ${className}`}
    >
      Slurm job{job.jobId ? ` ${job.jobId}` : ''} · {jobWords(job)}
    </span>
  );
}
