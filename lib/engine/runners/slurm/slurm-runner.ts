// The `slurm` runner: an app's serving command submitted as a batch job to a cluster node (runners.slurm in
// config.json), its record written before sbatch runs; after a restart, the jobs of apps' serving commands still
// queued or running are re-attached by id (the app manager ends those it does not resume) and the rest are cancelled.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SlurmConfig } from '../../../shared/placement';
import { EngineError, errorMessage } from '../../errors';
import type { HomeLayout } from '../../home';
import { shellWord } from '../../processes/keeper';
import type { RecoveryMode } from '../../processes/recover';
import type { AdoptedIncarnation, Runner, RunnerStart } from '../types';
import { checkHomeVisible } from './home-check';
import { isEnded } from './job-info';
import { jobById, jobIdByName } from './job-queries';
import { JobRecords, type JobRecord } from './job-records';
import { batchScript, sbatchArgs, type JobFiles } from './job-script';
import { slurm, type SlurmEnv } from './slurm-exec';
import { SlurmJob } from './slurm-job';
import { GATE_FILES, NODE_GATE_SOURCE } from './node-gate';

export interface SlurmRunnerOptions {
  home: HomeLayout;
  /** runners.slurm of config.json (read at each start); undefined: no cluster is configured. */
  config: () => SlurmConfig | undefined;
}

/** The command line a spawn spec stands for, as bash on the node runs it. */
function commandLine(spec: RunnerStart['spec']): string {
  const words = spec.drain
    ? ['bash', '--noprofile', '--norc', '-c', (spec.args ?? [])[0] ?? '']
    : [spec.file, ...(spec.args ?? [])];
  return words.map(shellWord).join(' ');
}

export class SlurmRunner implements Runner {
  readonly kind = 'slurm' as const;
  readonly records: JobRecords;
  /** Partitions whose nodes were seen to read the home. */
  private readonly homeSeen = new Set<string>();

  constructor(private readonly options: SlurmRunnerOptions) {
    this.records = new JobRecords(options.home.state);
  }

  get configured(): boolean {
    return this.options.config() !== undefined;
  }

  /** Slurm's binaries and SLURM_CONF as configured. */
  get env(): SlurmEnv {
    const config = this.options.config();
    return {
      ...(config?.binDir ? { binDir: config.binDir } : {}),
      ...(config?.slurmConf ? { slurmConf: config.slurmConf } : {}),
    };
  }

  private get config(): SlurmConfig {
    const config = this.options.config();
    if (!config)
      throw new EngineError(
        'not_available',
        'This app is placed on a Slurm cluster, but config.json has no runners.slurm: add it (see "Running on a cluster" in the README) and restart Hangar, or place the app on this machine.',
      );
    return config;
  }

  /** Writes the job's script and record, then submits it (the job starts as submitted, PENDING until it runs). */
  start(start: RunnerStart, token: string): SlurmJob {
    const config = this.config;
    const { placement, spec, owner } = start;
    if (config.maxGpus !== undefined && (placement.gpus ?? 0) > config.maxGpus)
      throw new EngineError(
        'invalid_params',
        `This app asks for ${placement.gpus} GPUs; runners.slurm.maxGpus allows ${config.maxGpus}.`,
        { details: { field: 'placement.gpus' } },
      );
    const dir = path.join(this.options.home.state, 'slurm', token);
    const files: JobFiles = {
      script: path.join(dir, 'job.sh'),
      log: path.join(dir, 'output.log'),
      jobOut: path.join(dir, 'slurm.out'),
      gate: {
        program: path.join(dir, GATE_FILES.program),
        token: path.join(dir, GATE_FILES.token),
        port: path.join(dir, GATE_FILES.port),
      },
    };
    const command = commandLine(spec);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(files.gate.token, randomBytes(32).toString('hex'), { mode: 0o600 });
    writeFileSync(files.gate.program, NODE_GATE_SOURCE, { mode: 0o600 });
    writeFileSync(files.script, batchScript(command, spec.cwd, files), { mode: 0o700 });
    chmodSync(files.script, 0o700);
    const record: JobRecord = {
      token,
      id: owner.id,
      app: owner.app,
      runId: owner.runId,
      script: owner.script,
      port: owner.port,
      daemon: start.daemon,
      jobId: null,
      jobName: `hangar-${token.slice(0, 13)}`,
      log: files.log,
      jobOut: files.jobOut,
      command,
      cwd: spec.cwd,
      startedAt: Date.now(),
    };
    this.records.set(record);
    const partition = placement.partition ?? config.partition;
    const account = placement.account ?? config.account;
    return new SlurmJob(record, this.deps(config), {
      submit: {
        args: sbatchArgs(placement, config, { name: record.jobName, cwd: spec.cwd, files }),
        env: spec.env,
        before: () => this.checkHome({ partition, account }),
      },
    });
  }

  /** An app's serving job stays recorded as a daemon: a restarted Hangar re-attaches to it. */
  markDaemon(token: string): void {
    if (this.records.get(token)?.daemon === false) this.records.update(token, { daemon: true });
  }

  /**
   * Settles the jobs a previous Hangar recorded. With `mode` adopt, a job still queued or running is re-attached:
   * a daemon's as the app's serving process, an app's serving command not yet promoted (its job queued, or its app
   * not ready yet) as unready, for the app manager to resume or end. Any other job is cancelled, including one
   * whose submission was never answered (found by its name).
   */
  async settle(mode: RecoveryMode): Promise<AdoptedIncarnation[]> {
    const previous = await this.records.read();
    if (previous.length === 0) return [];
    if (!this.configured) {
      console.error(
        `[slurm] ${previous.length} job record(s) in ${this.records.file}, but runners.slurm is no longer configured: they are left as they are.`,
      );
      return [];
    }
    const adopted: AdoptedIncarnation[] = [];
    for (const record of previous) {
      const jobId = record.jobId ?? (await jobIdByName(this.env, record.jobName));
      const state = jobId ? ((await jobById(this.env, jobId))?.state ?? null) : null;
      const alive = state !== null && !isEnded(state);
      if (alive && mode === 'adopt' && (record.daemon || record.app !== null) && jobId) {
        const offset = (await stat(record.log).catch(() => null))?.size ?? 0;
        const job = { ...record, jobId };
        this.records.set(job);
        adopted.push({
          proc: new SlurmJob(job, this.deps(this.config), { offset }),
          owner: {
            id: job.id,
            app: job.app,
            runId: job.runId,
            script: job.script,
            port: job.port,
          },
          command: job.command,
          cwd: job.cwd,
          ready: record.daemon,
        });
        continue;
      }
      if (alive && jobId)
        await slurm('scancel', [jobId], this.env).catch((error: unknown) =>
          console.error(`[slurm] could not cancel job ${jobId}:`, errorMessage(error)),
        );
    }
    this.records.flush();
    return adopted;
  }

  private deps(config: SlurmConfig) {
    return { env: this.env, pollMs: config.pollMs, records: this.records };
  }

  private async checkHome(request: { partition?: string; account?: string }): Promise<void> {
    const key = request.partition ?? '';
    if (this.homeSeen.has(key)) return;
    if (await checkHomeVisible(this.options.home, this.env, request)) this.homeSeen.add(key);
  }
}
