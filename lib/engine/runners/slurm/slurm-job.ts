// One serving command as a Slurm job: submitted with sbatch (or re-attached by its id), its output followed from the
// log its node writes into the home, its state read with scontrol, stopped with scancel.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../../errors';
import { LogFollower } from '../../processes/keeper';
import type { KillOptions } from '../../processes/kill-tree';
import type { DataListener, ExitInfo, ExitListener } from '../../processes/spawn';
import type { JobStatus, RunnerLocation, RunnerProcess } from '../types';
import { describeJob, isEnded, nodeAddress, type JobFields } from './job-info';
import { jobById, jobIdByName } from './job-queries';
import type { JobRecord, JobRecords } from './job-records';
import { slurm, type SlurmEnv } from './slurm-exec';
import { readGate, type NodeGate } from './gate-address';

export interface SlurmJobDeps {
  env: SlurmEnv;
  pollMs: number;
  records: JobRecords;
}

/** How a job is begun: submitted now (sbatch's arguments and environment), or re-attached from a byte offset. */
export type JobBeginning =
  | { submit: { args: string[]; env: Record<string, string>; before?: () => Promise<void> } }
  | { offset: number };

const STOP_POLL_MS = 300;

export class SlurmJob implements RunnerProcess {
  readonly runner = 'slurm' as const;
  readonly pid = null;
  readonly survives = true;
  readonly startedAt: number;
  exit: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  private resolveExit!: (exit: ExitInfo) => void;
  private readonly dataListeners = new Set<DataListener>();
  private readonly exitListeners = new Set<ExitListener>();
  private readonly statusListeners = new Set<(status: JobStatus) => void>();
  private readonly follower: LogFollower;
  private current: JobStatus;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private released = false;
  private unreachableNoted = false;
  /** The gate on the node, once it wrote its port; `reading` while that is being looked at. */
  private gate: NodeGate | 'reading' | null = null;
  private gateErrorNoted = false;

  constructor(
    private record: JobRecord,
    private readonly deps: SlurmJobDeps,
    beginning: JobBeginning,
  ) {
    this.startedAt = record.startedAt;
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.current = {
      runner: 'slurm',
      jobId: record.jobId,
      state: record.jobId ? 'UNKNOWN' : 'SUBMITTING',
      reason: null,
      node: record.node ?? null,
      host: record.host ?? null,
    };
    const offset = 'offset' in beginning ? beginning.offset : 0;
    this.follower = new LogFollower(record.log, offset, (data) => this.emitData(data));
    this.follower.start();
    if ('submit' in beginning) void this.submit(beginning.submit);
    else this.schedule(0);
    // A re-attached job knows its node: its gate is looked up before the first request for it.
    this.findGate();
  }

  get token(): string {
    return this.record.token;
  }

  get jobId(): string | null {
    return this.record.jobId;
  }

  status(): JobStatus {
    return this.current;
  }

  /** The node's address and the gate's, once both are known (the gate writes its port when it is up). */
  locate(): RunnerLocation | null {
    const host = this.current.host;
    if (!host) return null;
    const gate = this.gate;
    if (gate !== null && gate !== 'reading')
      return gate.ungated ? { host } : { host, gate: gate.address };
    this.findGate();
    return null;
  }

  /** Looks for the gate's port (written once the gate is up on the node), one look at a time. */
  private findGate(): void {
    if (this.gate !== null || !this.current.host) return;
    this.gate = 'reading';
    void readGate(path.dirname(this.record.log)).then(
      (found) => (this.gate = found),
      (error: unknown) => {
        this.gate = null;
        if (!this.gateErrorNoted) this.note(`cannot read the gate's files: ${errorMessage(error)}`);
        this.gateErrorNoted = true;
      },
    );
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: ExitListener): () => void {
    if (this.exit) {
      listener(this.exit);
      return () => undefined;
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  onStatus(listener: (status: JobStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** A batch job reads no input: keystrokes are dropped. */
  write(): void {}

  /** scancel, then waits until Slurm says the job is over (Slurm's own KillWait applies on the node). */
  stop(options: KillOptions = {}): Promise<void> {
    this.stopping ??= (async () => {
      if (this.exit) return;
      const jobId =
        this.record.jobId ??
        (await jobIdByName(this.deps.env, this.record.jobName).catch(() => null));
      if (jobId) {
        await slurm('scancel', [jobId], this.deps.env).catch((error: unknown) =>
          this.note(`scancel ${jobId}: ${errorMessage(error)}`),
        );
      }
      const graceMs = (options.graceMs ?? 5000) + 30_000;
      const deadline = Date.now() + graceMs;
      while (!this.exit && Date.now() < deadline) {
        await this.poll();
        if (!this.exit) await new Promise((resolve) => setTimeout(resolve, STOP_POLL_MS));
      }
      if (!this.exit) {
        if (jobId)
          await slurm('scancel', ['--signal=KILL', '--full', jobId], this.deps.env).catch(
            () => null,
          );
        await this.finish({ exitCode: null, signal: 9 }, 'CANCELLED');
      }
    })();
    return this.stopping;
  }

  async release(): Promise<void> {
    this.released = true;
    if (this.timer) clearTimeout(this.timer);
    await this.follower.close();
  }

  private async submit(submit: {
    args: string[];
    env: Record<string, string>;
    before?: () => Promise<void>;
  }): Promise<void> {
    try {
      await submit.before?.();
      const out = await slurm('sbatch', submit.args, this.deps.env, { env: submit.env });
      const jobId = out.trim().split(';')[0]!;
      if (!/^\d+(?:_\d+)?$/.test(jobId))
        throw new Error(`sbatch answered "${out.trim()}", not a job id`);
      this.record = { ...this.record, jobId };
      this.deps.records.update(this.record.token, { jobId });
      this.current = { ...this.current, jobId, state: 'PENDING' };
      this.note(`submitted as job ${jobId}`);
      this.schedule(0);
    } catch (error) {
      this.emitData(`${errorMessage(error)}\n`);
      await this.finish({ exitCode: 1, signal: null }, 'NOT_SUBMITTED');
    }
  }

  private schedule(delay: number): void {
    if (this.exit || this.released) return;
    this.timer = setTimeout(
      () => void this.poll().then(() => this.schedule(this.deps.pollMs)),
      delay,
    );
    this.timer.unref();
  }

  /** Reads the job's state once (serialised); an ended job finishes this incarnation. */
  private poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const jobId = this.record.jobId;
    if (!jobId || this.exit || this.released) return;
    let fields: JobFields | null;
    try {
      fields = await jobById(this.deps.env, jobId);
    } catch (error) {
      if (!this.unreachableNoted) this.note(`cannot read the job's state: ${errorMessage(error)}`);
      this.unreachableNoted = true;
      return;
    }
    this.unreachableNoted = false;
    if (!fields) return this.finish({ exitCode: null, signal: null }, 'UNKNOWN');
    await this.update(fields);
    if (isEnded(fields.state)) {
      const code = fields.state === 'COMPLETED' ? (fields.exitCode ?? 0) : null;
      await this.finish({ exitCode: code, signal: fields.signal || null }, fields.state);
    }
  }

  private async update(fields: JobFields): Promise<void> {
    const before = this.current;
    let host = before.host;
    if (fields.node && fields.node !== before.node && !isEnded(fields.state)) {
      host = await slurm('scontrol', ['show', 'node', '-o', fields.node], this.deps.env)
        .then(nodeAddress)
        .catch(() => fields.node);
    }
    const next: JobStatus = {
      runner: 'slurm',
      jobId: fields.jobId,
      state: fields.state,
      reason: fields.reason,
      node: fields.node,
      host,
    };
    this.current = next;
    this.findGate();
    if (host !== before.host) {
      this.record = { ...this.record, node: next.node, host };
      this.deps.records.update(this.record.token, { node: next.node, host });
    }
    if (next.state === before.state && next.reason === before.reason && next.node === before.node)
      return;
    if (!isEnded(next.state)) this.note(`job ${next.jobId}: ${describeJob(next)}`);
    for (const listener of this.statusListeners) listener(next);
  }

  private async finish(exit: ExitInfo, state: string): Promise<void> {
    if (this.exit) return;
    if (this.timer) clearTimeout(this.timer);
    await this.follower.finish();
    const slurmSaid = (await readFile(this.record.jobOut, 'utf8').catch(() => '')).trim();
    if (slurmSaid) this.emitData(`${slurmSaid}\n`);
    const jobId = this.record.jobId;
    if (jobId) {
      const words = describeJob({ ...this.current, state });
      this.note(`job ${jobId} ended: ${words}`);
    }
    if (this.current.state !== state) {
      this.current = { ...this.current, state };
      for (const listener of this.statusListeners) listener(this.current);
    }
    this.deps.records.remove(this.record.token);
    await rm(path.dirname(this.record.log), { recursive: true, force: true }).catch(
      (error: unknown) =>
        console.error('[slurm] could not remove a job folder:', errorMessage(error)),
    );
    const final = exitOf(state, this.follower.exitCode, exit);
    this.exit = final;
    this.resolveExit(final);
    for (const listener of this.exitListeners) listener(final);
  }

  private note(text: string): void {
    this.emitData(`[slurm] ${text}\n`);
  }

  private emitData(data: string): void {
    for (const listener of this.dataListeners) listener(data);
  }
}

/**
 * The exit of a job that ended in `state`: a completed job's code is its command's (the trailer `script` wrote);
 * a job that ended otherwise (a time limit, a lost node, a cancel) failed, with the command's code when it gave one.
 */
function exitOf(state: string, commandCode: number | null, slurmExit: ExitInfo): ExitInfo {
  if (state === 'COMPLETED')
    return { exitCode: commandCode ?? slurmExit.exitCode ?? 0, signal: null };
  if (commandCode !== null && commandCode !== 0) return { exitCode: commandCode, signal: null };
  return slurmExit.signal
    ? { exitCode: null, signal: slurmExit.signal }
    : { exitCode: 1, signal: null };
}
