// What happens when an app's serving run ends: stopped on purpose, exited, or crashed, and the `on-failure` restart.
import { isLiveRun } from '../../shared/events';
import { describeJob } from '../../shared/slurm-words';
import type { AppContext } from './app-context';
import { RestartScheduler } from './restart-scheduler';

export class AppRestarts {
  private readonly scheduler: RestartScheduler;

  constructor(
    private readonly ctx: AppContext,
    private readonly start: (name: string) => Promise<unknown>,
  ) {
    this.scheduler = new RestartScheduler(ctx.options.restartBackoff);
  }

  /** The app answered after a start (a long run resets the attempt count). */
  started(name: string): void {
    this.scheduler.started(name);
  }

  /** The user stopped or removed the app: no restart is pending. */
  cancel(name: string): void {
    this.scheduler.cancel(name);
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  /** A running app whose start run ended is no longer running: crashed (failed) or exited (stopped). */
  async onRunStatus(runId: string, status: string): Promise<void> {
    const { ctx } = this;
    const record = ctx.store.list().find((r) => r.startRunId === runId);
    if (!record || record.state !== 'running') return;
    if (isLiveRun(status)) return;
    const unexpected = status !== 'stopped';
    if (!unexpected) {
      await ctx.states.move(record, 'stopped', { startRunId: null, error: null });
      return;
    }
    const job = ctx.options.jobOfRun?.(runId);
    const slurmSaid = job?.jobId ? `: its Slurm job ${job.jobId} ended: ${describeJob(job)}` : '';
    const failure = ctx.runs.failureOf(
      new Error(`the app stopped unexpectedly (${status})${slurmSaid}`),
      runId,
    );
    await ctx.states.move(record, 'failed', { startRunId: null, error: failure });
    if (record.restart !== 'on-failure') return;
    const delay = this.scheduler.schedule(record.name, () => this.start(record.name));
    if (delay === null) {
      await ctx.states.move(ctx.record(record.name), 'failed', {
        error: {
          ...failure,
          message: `${failure.message}; gave up restarting after repeated failures`,
        },
      });
    }
  }
}
