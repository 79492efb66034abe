// The runner interface: where an app's serving process runs. `local` is this machine's supervisor (a pty, under a
// keeper for app processes); `slurm` submits a batch job to a cluster node. A Kubernetes runner would implement the
// same interface (docs/kubernetes-runner.md).
import type { GateAddress } from '../../http/app-dial';
import type { KillOptions } from '../processes/kill-tree';
import type { DataListener, ExitInfo, ExitListener, SpawnSpec } from '../processes/spawn';
import type { RecoveryMode } from '../processes/recover';
import type { JobStatus, Placement, RunnerKind } from '../../shared/placement';

/**
 * Where a running server answers, seen from Hangar: the node's address, or loopback for this machine, and the gate
 * on that node the connection goes through (the app itself listens on the node's loopback).
 */
export interface RunnerLocation {
  host: string;
  gate?: GateAddress;
}

export type { JobStatus } from '../../shared/placement';

/** One started incarnation, wherever it runs: its output, its exit, and a stop that ends all of it. */
export interface RunnerProcess {
  readonly runner: Placement['runner'];
  /** The record key (and, locally, the HANGAR_PROC marker its tree carries). */
  readonly token: string;
  /** This machine's pid; null for a job on another host. */
  readonly pid: number | null;
  readonly startedAt: number;
  exit: ExitInfo | null;
  readonly exited: Promise<ExitInfo>;
  /** Keeps running when Hangar stops (a process under a keeper, a cluster job): the next Hangar adopts it. */
  readonly survives: boolean;
  onData(listener: DataListener): () => void;
  onExit(listener: ExitListener): () => void;
  write(data: string): void;
  /** Ends it (a tree kill, scancel) and resolves once it is gone. */
  stop(options?: KillOptions): Promise<unknown>;
  /** Lets go without stopping it (Hangar shuts down and leaves its apps running). */
  release(): Promise<void>;
  /** Where its server answers; null while it has no place yet (a queued job). */
  locate(): RunnerLocation | null;
  /** The scheduler's view, for a job; null for a local process. */
  status(): JobStatus | null;
  /** Called when the scheduler's view changes (never for a local process). */
  onStatus(listener: (status: JobStatus) => void): () => void;
}

/** What a runner starts: the command as the supervisor would spawn it, and where. */
export interface RunnerStart {
  spec: SpawnSpec;
  placement: Placement;
  /** Who it belongs to, for the record written before it starts. */
  owner: { id: string; app: string | null; runId: string; script: string; port: number | null };
  /** An app's serving process (adopted by a restarted Hangar) or a step's (ended by it). */
  daemon: boolean;
}

/** What a restarted Hangar takes over: the incarnation and whose it is. */
export interface AdoptedIncarnation {
  proc: RunnerProcess;
  owner: RunnerStart['owner'];
  command: string;
  cwd: string;
  /**
   * An app's serving process (true), or the serving command of a start whose app was not ready yet (false: a job
   * still queued, say); the app manager resumes that start or ends it.
   */
  ready: boolean;
}

/**
 * A place apps' serving processes run. The supervisor (processes/supervisor.ts) starts every process through one,
 * records it before it starts, stops it, and after a restart asks each runner to settle what it recorded.
 */
export interface Runner {
  readonly kind: RunnerKind;
  /** Starts one incarnation; its record is on disk before anything runs (throws, starting nothing, otherwise). */
  start(start: RunnerStart, token: string): RunnerProcess;
  /** Records an incarnation as an app's serving process: a restarted Hangar adopts it instead of ending it. */
  markDaemon(token: string): void;
  /** Adopts what a previous Hangar left (mode adopt: daemons) and ends the rest of it. */
  settle(mode: RecoveryMode): Promise<AdoptedIncarnation[]>;
}
