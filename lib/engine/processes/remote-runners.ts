// The supervisor's side of runners elsewhere than this machine (a Slurm cluster): starting an incarnation on one,
// taking back what one re-attached after a restart, and the scheduler's view of apps' jobs.
import type { Placement, RunnerKind } from '../../shared/placement';
import { EngineError } from '../errors';
import type { JobStatus, Runner, RunnerLocation, RunnerProcess } from '../runners/types';
import { adoptedEntry, type SupervisedProcess } from './supervised-process';

export type RemoteRunners = Partial<Record<Exclude<RunnerKind, 'local'>, Runner>>;

/** Runs whose last job view is kept. */
const MAX_RUN_JOBS = 500;

export class RemoteJobs {
  /** The last scheduler view of each run's job, kept after it ended (its end's words go into the app's failure). */
  private readonly jobsOfRuns = new Map<string, JobStatus>();

  constructor(private readonly runners: RemoteRunners = {}) {}

  /** Starts `entry` on the runner its placement names; its record is the runner's, written before the job exists. */
  start(
    entry: SupervisedProcess,
    placement: Placement & { runner: Exclude<RunnerKind, 'local'> },
    token: string,
  ): RunnerProcess {
    const runner = this.runners[placement.runner];
    if (!runner)
      throw new EngineError(
        'not_available',
        `This Hangar has no ${placement.runner} runner configured (runners.${placement.runner} in config.json).`,
      );
    return runner.start(
      {
        // No owner marker: the job's processes are the scheduler's to end, not a stray scan's (a node may share
        // this machine's process table, as in a one-machine cluster).
        spec: entry.options.spec,
        placement,
        owner: {
          id: entry.id,
          app: entry.app,
          runId: entry.runId,
          script: entry.options.script ?? '',
          port: entry.port,
        },
        daemon: entry.daemon,
      },
      token,
    );
  }

  /**
   * What every runner re-attached after a restart, to watch: daemons' jobs as app daemons, and the jobs of starts
   * whose app was not ready yet as unready entries (see `SupervisedProcess.awaitingReady`).
   */
  async settle(mode: 'adopt' | 'stop'): Promise<Array<[SupervisedProcess, RunnerProcess]>> {
    const taken: Array<[SupervisedProcess, RunnerProcess]> = [];
    for (const runner of Object.values(this.runners))
      for (const adopted of await runner.settle(mode))
        taken.push([
          adoptedEntry(
            adopted.owner,
            adopted.command,
            adopted.cwd,
            { runner: adopted.proc.runner },
            adopted.ready,
          ),
          adopted.proc,
        ]);
    return taken;
  }

  /** Records an incarnation elsewhere as an app's serving process (adopted, not ended, after a restart). */
  markDaemon(proc: RunnerProcess): void {
    if (proc.runner !== 'local') this.runners[proc.runner]?.markDaemon(proc.token);
  }

  noteStatus(runId: string, job: JobStatus): void {
    this.jobsOfRuns.set(runId, job);
    if (this.jobsOfRuns.size > MAX_RUN_JOBS)
      this.jobsOfRuns.delete(this.jobsOfRuns.keys().next().value!);
  }

  jobOfRun(runId: string): JobStatus | null {
    return this.jobsOfRuns.get(runId) ?? null;
  }
}

/** Where the app's live serving process answers when it runs elsewhere; null for this machine. */
export function locateApp(procs: Iterable<SupervisedProcess>, app: string): RunnerLocation | null {
  for (const entry of procs)
    if (entry.app === app && entry.alive && entry.proc && entry.proc.runner !== 'local')
      return entry.proc.locate();
  return null;
}

/** The scheduler's view of the app's live job, or null for a local app. */
export function jobOfApp(procs: Iterable<SupervisedProcess>, app: string): JobStatus | null {
  for (const entry of procs)
    if (entry.app === app && entry.alive && entry.proc?.status()) return entry.proc.status();
  return null;
}
