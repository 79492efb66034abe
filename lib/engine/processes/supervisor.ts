// Owns every long-running process: start, stop (tree kill), exit detection, persisted records (apps restart in apps/).
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events';
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import type { KillOptions } from './kill-tree';
import type { PortPool } from './port-pool';
import { OWNER_ENV } from './markers';
import { ProcessRecords } from './process-records';
import { settleRecords, type RecoveryReport, type RecoveryMode } from './recover';
import { adoptKept, spawnProcess } from './spawn';
import { sizeOf, stopStrays } from './strays';
import { announceExit, exitEvent } from './supervisor-events';
import { pendingOf, recordOf } from './supervisor-records';
import { trackSpawn, type TrackedMeta, type TrackedSpawn } from './tracked-spawn';
import path from 'node:path';
import type { JobStatus, RunnerLocation, RunnerProcess } from '../runners/types';
import { jobOfApp, locateApp, RemoteJobs, type RemoteRunners } from './remote-runners';
import { SpawnedProcess } from './spawned-process';
import {
  adoptedEntry,
  SupervisedProcess,
  type ProcessExitEvent,
  type SuperviseOptions,
} from './supervised-process';

export interface SupervisorOptions {
  home?: HomeLayout;
  bus?: EventBus;
  ports?: PortPool;
  /** SIGTERM → SIGKILL grace (default 5000 ms, the home config `stopTimeoutMs`). */
  graceMs?: number;
  /** Emit `run:status` and `app:status` when an app process ends on its own (default true). */
  announce?: boolean;
  /** How often adopted processes (no exit callback) are checked (default 250 ms). */
  pollMs?: number;
  /** Runners besides this machine, by kind (`slurm`); a process placed on one is started, stopped and adopted by it. */
  runners?: RemoteRunners;
}

export { OWNER_ENV } from './markers';

export class ProcessSupervisor {
  private readonly procs = new Map<string, SupervisedProcess>();
  private readonly exitListeners = new Set<(event: ProcessExitEvent) => void>();
  /** The home's record file, shared with the terminals (null without a home). */
  readonly records: ProcessRecords | null;
  private disposed = false;
  private readonly remote: RemoteJobs;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.records = options.home ? new ProcessRecords(options.home.state) : null;
    this.remote = new RemoteJobs(options.runners);
  }

  get graceMs(): number {
    return this.options.graceMs ?? 5000;
  }

  /** Starts a supervised process. */
  start(options: SuperviseOptions): SupervisedProcess {
    if (this.disposed) throw new EngineError('conflict', 'The process supervisor is shut down.');
    const id = options.id ?? randomUUID();
    if (this.procs.get(id)?.alive)
      throw new EngineError('conflict', `Process ${id} is already running.`, { details: { id } });
    const entry = new SupervisedProcess(id, options);
    this.procs.set(id, entry);
    try {
      this.launch(entry);
    } catch (error) {
      this.procs.delete(id);
      throw error;
    }
    return entry;
  }

  get(id: string): SupervisedProcess | undefined {
    return this.procs.get(id);
  }

  list(filter: { app?: string; runId?: string } = {}): SupervisedProcess[] {
    return [...this.procs.values()].filter(
      (p) =>
        (filter.app === undefined || p.app === filter.app) &&
        (filter.runId === undefined || p.runId === filter.runId),
    );
  }

  /** Called when a process ends, on its own or by a stop. */
  onExit(listener: (event: ProcessExitEvent) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Turns a step's process into a supervised app daemon: its exit is announced and it is adopted after a restart. */
  promote(id: string): Promise<void> {
    const entry = this.procs.get(id);
    if (!entry) return Promise.resolve();
    entry.announceExit = true;
    entry.daemon = true;
    if (entry.alive && entry.proc) this.persist(entry, entry.proc);
    return Promise.resolve();
  }

  /** Where the app's live serving process answers, when it runs elsewhere than this machine; null otherwise. */
  locate(app: string): RunnerLocation | null {
    return locateApp(this.procs.values(), app);
  }

  /** The last scheduler view of the run's job (also once it ended: TIMEOUT, NODE_FAIL…); null for a local run. */
  jobOfRun(runId: string): JobStatus | null {
    return this.remote.jobOfRun(runId);
  }

  /** The scheduler's view of the app's live job (Slurm's state and reason), or null for a local app. */
  jobStatus(app: string): JobStatus | null {
    return jobOfApp(this.procs.values(), app);
  }

  /** The environment entry that marks a process as started by this home's Hangar (empty without a home). */
  get ownerEnv(): Record<string, string> {
    return this.options.home ? { [OWNER_ENV]: this.options.home.root } : {};
  }

  /** Records a process spawned elsewhere as a plain child (see tracked-spawn.ts) before it runs. */
  track(meta: TrackedMeta): TrackedSpawn {
    return trackSpawn(this.records, this.ownerEnv, meta);
  }

  /** Stops one process tree: SIGTERM, grace, SIGKILL. */
  async stop(id: string, options: KillOptions = {}): Promise<void> {
    const entry = this.procs.get(id);
    if (!entry) return;
    if (entry.state === 'stopped' || entry.state === 'exited' || entry.state === 'crashed')
      return entry.kill({ graceMs: this.graceMs, ...options });
    entry.state = 'stopping';
    await entry.kill({ graceMs: this.graceMs, ...options });
    if (entry.proc?.exit) this.records?.remove(entry.proc.token);
    if (entry.state === 'stopping') entry.state = 'stopped';
  }

  async stopRun(runId: string, options: KillOptions = {}): Promise<void> {
    await Promise.all(this.list({ runId }).map((p) => this.stop(p.id, options)));
  }

  async stopApp(app: string, options: KillOptions = {}): Promise<void> {
    await Promise.all(this.list({ app }).map((p) => this.stop(p.id, options)));
  }

  /**
   * Settles a previous server life. App daemons verified alive under a keeper, and daemons' jobs a runner re-attached,
   * are adopted (`mode` 'adopt') and supervised as if started here; terminals are reported for the terminal manager.
   * Everything else is stopped, strays with this home's owner marker that no record names included.
   */
  async recover(mode: RecoveryMode = 'adopt'): Promise<RecoveryReport[]> {
    if (!this.records) return [];
    const reports = await settleRecords(await this.records.read(), mode, this.graceMs);
    const kept = new Set<string>();
    for (const report of reports) {
      if (report.outcome !== 'adopted') continue;
      const rec = report.record;
      kept.add(rec.token);
      // A terminal stays recorded here; the terminal manager takes it over (TerminalManager.adopt).
      if (rec.kind === 'terminal') {
        this.records.set(rec);
        continue;
      }
      // A serving command whose app had not answered is taken back not ready: its start resumes, or it is ended.
      const entry = adoptedEntry(rec, rec.command, rec.cwd, undefined, rec.daemon === true);
      this.procs.set(rec.id, entry);
      this.watch(
        entry,
        adoptKept({
          pid: rec.pid,
          token: rec.token,
          files: rec.keeper!,
          offset: await sizeOf(rec.keeper!.log),
        }),
      );
    }
    for (const [entry, proc] of await this.remote.settle(mode)) {
      this.procs.set(entry.id, entry);
      this.watch(entry, proc);
    }
    if (this.options.home) await stopStrays(this.options.home.root, kept, this.graceMs);
    // This life's file: the adopted daemons, nothing of the previous life that was ended.
    this.records.save();
    return reports;
  }

  /**
   * Stops everything (server shutdown), newest first. With `keepDaemons`, app daemons under a keeper, and cluster
   * jobs (an app's serving command, ready or still queued), are let go instead, still recorded, for the next Hangar.
   */
  async dispose(options: KillOptions & { keepDaemons?: boolean } = {}): Promise<void> {
    this.disposed = true;
    const entries = [...this.procs.values()].reverse();
    const left = options.keepDaemons ? entries.filter((p) => p.outlivesHangar) : [];
    // Their records stay on disk, for the next Hangar to adopt them.
    for (const entry of left) {
      entry.released = true;
      await entry.proc!.release();
    }
    await Promise.all(
      entries.filter((p) => !left.includes(p)).map((p) => this.stop(p.id, options)),
    );
  }

  /**
   * Spawns one incarnation of `entry`, recorded first: its pending record (with the token the child carries) is on
   * disk before the spawn, so it never runs unrecorded; a record that cannot be written means no spawn.
   */
  private launch(entry: SupervisedProcess): void {
    const spec = entry.options.spec;
    const token = randomUUID();
    const placement = entry.options.placement;
    if (placement && placement.runner !== 'local') {
      this.watch(
        entry,
        this.remote.start(entry, { ...placement, runner: placement.runner }, token),
      );
      return;
    }
    const records = entry.persistRecord ? this.records : null;
    records?.begin(pendingOf(entry, token));
    // An app's processes run under a keeper: they outlive Hangar and a later Hangar adopts its daemons.
    const keepIn =
      entry.app !== null && this.options.home
        ? path.join(this.options.home.state, 'procs')
        : undefined;
    let proc: SpawnedProcess;
    try {
      proc = spawnProcess(
        { ...spec, env: { ...spec.env, ...this.ownerEnv }, ...(keepIn ? { keepIn } : {}) },
        token,
      );
    } catch (error) {
      records?.remove(token);
      throw error;
    }
    this.watch(entry, proc);
  }

  /** Supervises one incarnation: its output, its exit (crash detection), its record. Apps restart in apps/. */
  private watch(entry: SupervisedProcess, proc: RunnerProcess): void {
    entry.proc = proc;
    entry.state = 'running';
    proc.onData((data) => entry.emitData(data));
    const { bus } = this.options;
    const app = entry.app;
    proc.onStatus((job) => {
      this.remote.noteStatus(entry.runId, job);
      if (bus && app !== null) bus.emit('app:job', { name: app, job });
    });
    proc.onExit((exit) => {
      if (entry.released) return;
      // The record goes once the whole tree is gone (a stop in progress is joined): a crash meanwhile leaves it.
      void proc.stop({ graceMs: this.graceMs }).then(() => this.records?.remove(proc.token));
      if (entry.proc !== proc) return;
      const stopped = entry.state === 'stopping' || entry.state === 'stopped';
      const crashed = !stopped && (exit.exitCode !== 0 || exit.signal !== null);
      if (stopped) {
        entry.state = 'stopped';
        this.finish(entry, 'stopped', exit.exitCode, exit.signal);
        return;
      }
      entry.exitCode = exit.exitCode;
      entry.state = crashed ? 'crashed' : 'exited';
      this.finish(entry, crashed ? 'crashed' : 'exited', exit.exitCode, exit.signal);
    });
    this.persist(entry, proc);
  }

  private finish(
    entry: SupervisedProcess,
    status: ProcessExitEvent['status'],
    exitCode: number | null,
    signal: number | null,
  ): void {
    const event = exitEvent(entry, status, exitCode, signal);
    if (entry.port !== null) this.options.ports?.releasePort(entry.port);
    for (const listener of this.exitListeners) listener(event);
    const bus = this.options.bus;
    if (bus && status !== 'stopped' && entry.announceExit && this.options.announce !== false) {
      const others = this.list({ app: event.app ?? undefined });
      announceExit(
        bus,
        event,
        others.some((p) => p.alive),
      );
    }
  }

  /** Completes (or updates) the record of a running incarnation (a runner elsewhere keeps its own records). */
  private persist(entry: SupervisedProcess, proc: RunnerProcess): void {
    if (!entry.persistRecord || proc.exit) return;
    if (proc instanceof SpawnedProcess) this.records?.set(recordOf(entry, proc));
    else if (entry.daemon) this.remote.markDaemon(proc);
  }
}
