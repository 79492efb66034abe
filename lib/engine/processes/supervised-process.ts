// One supervised process: its current incarnation, its state and its output tail.
import type { KillOptions } from './kill-tree';
import { LogRing } from './log-ring';
import type { Placement } from '../../shared/placement';
import type { JobStatus, RunnerProcess } from '../runners/types';
import type { SpawnSpec } from './spawn';

export type SupervisedState = 'running' | 'stopping' | 'stopped' | 'exited' | 'crashed';

export interface SuperviseOptions {
  /** Stable id (default: random). */
  id?: string;
  app: string | null;
  runId: string;
  /** Script that started it (for `run:status`). */
  script?: string;
  spec: SpawnSpec;
  /** Where it runs (default: this machine). */
  placement?: Placement;
  /** Port reserved for it; released when it ends for good. */
  port?: number | null;
  /**
   * Record it in the home before it runs, so a restarted server can re-adopt it (app daemons) or end it (anything
   * else). Default true; a supervisor without a home records nothing.
   */
  persist?: boolean;
  /** Emit `run:status`/`app:status` when it ends on its own (default true). */
  announce?: boolean;
  /**
   * A start's serving command (a shell.run with a `done` handler) not handed over yet: a Hangar killed before its app
   * answered leaves it for the next one to take back, not ready, for the app manager to resume that start or end it.
   */
  serving?: boolean;
}

export interface ProcessExitEvent {
  id: string;
  app: string | null;
  runId: string;
  script: string;
  status: 'exited' | 'crashed' | 'stopped';
  exitCode: number | null;
  signal: number | null;
  lastLines: string[];
}

export class SupervisedProcess {
  state: SupervisedState = 'running';
  exitCode: number | null = null;
  /** Current incarnation (for an adopted process, its keeper followed again). */
  proc: RunnerProcess | null = null;
  /** An app's serving process: adopted by a restarted Hangar. */
  daemon = false;
  /**
   * Re-attached after a restart before its app was ready (a job still queued): the app manager resumes the start,
   * which promotes it once the app answers, or stops it.
   */
  awaitingReady = false;
  /** Let go at shutdown (left running for the next Hangar): its end is not ours to report. */
  released = false;
  readonly tail = new LogRing({ maxChars: 64 * 1024 });
  /** Mutable: a step's command becomes an app daemon once the step hands it over (`ProcessSupervisor.promote`). */
  announceExit: boolean;
  persistRecord: boolean;
  private readonly dataListeners = new Set<(data: string) => void>();

  constructor(
    readonly id: string,
    readonly options: SuperviseOptions,
  ) {
    this.announceExit = options.announce ?? true;
    this.persistRecord = options.persist ?? true;
  }

  get app(): string | null {
    return this.options.app;
  }

  get runId(): string {
    return this.options.runId;
  }

  get port(): number | null {
    return this.options.port ?? null;
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  get alive(): boolean {
    return this.state === 'running' || this.state === 'stopping';
  }

  /** Let go at a graceful stop that keeps apps: an app daemon under a keeper, or a cluster job (ready or queued). */
  get outlivesHangar(): boolean {
    const proc = this.proc;
    return this.alive && proc?.survives === true && (this.daemon || proc.runner !== 'local');
  }

  /** Output of the current and later incarnations. */
  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  emitData(data: string): void {
    this.tail.push(data);
    for (const listener of this.dataListeners) listener(data);
  }

  write(data: string): void {
    this.proc?.write(data);
  }

  /** Stops the process tree (not the supervision bookkeeping, which the supervisor does). */
  async kill(options: KillOptions): Promise<void> {
    await this.proc?.stop(options);
  }

  summary(): {
    id: string;
    app: string | null;
    runId: string;
    pid: number | null;
    port: number | null;
    state: SupervisedState;
    job: JobStatus | null;
  } {
    return {
      id: this.id,
      app: this.app,
      runId: this.runId,
      pid: this.pid,
      port: this.port,
      state: this.state,
      job: this.proc?.status() ?? null,
    };
  }
}

/**
 * An app daemon a restarted Hangar took back (a kept process, a re-attached job): supervised as if started here.
 * Not `ready` (a start's job re-attached while it waited): a step's process until the app answers (no exit announced).
 */
export function adoptedEntry(
  owner: { id: string; app: string | null; runId: string; script: string; port: number | null },
  command: string,
  cwd: string,
  placement?: Placement,
  ready = true,
): SupervisedProcess {
  const entry = new SupervisedProcess(owner.id, {
    app: owner.app,
    runId: owner.runId,
    script: owner.script,
    spec: { file: command, cwd, env: {} },
    ...(placement ? { placement } : {}),
    port: owner.port,
    persist: true,
    announce: ready,
  });
  entry.daemon = ready;
  entry.awaitingReady = !ready;
  return entry;
}
