// Owns every long-running process: start, stop (tree kill), exit detection, persisted records.
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events';
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import type { KillOptions } from './kill-tree';
import type { PortPool } from './port-pool';
import { ProcessRecords, type ProcessRecord } from './process-records';
import { recoverRecords, type RecoveryReport, type RecoveryMode } from './recover';
import { readProc } from './proc-table';
import { adoptKept, spawnProcess, type SpawnedProcess } from './spawn';
import { sizeOf, stopStrays } from './strays';
import path from 'node:path';
import {
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
}

/**
 * Set on everything a Hangar starts, to the home's path: a restarted Hangar finds what the last one left running
 * even when its record file is corrupt or missing.
 */
export const OWNER_ENV = 'HANGAR_OWNER';

export class ProcessSupervisor {
  private readonly procs = new Map<string, SupervisedProcess>();
  private readonly exitListeners = new Set<(event: ProcessExitEvent) => void>();
  private readonly records: ProcessRecords | null;
  private disposed = false;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.records = options.home ? new ProcessRecords(options.home.state) : null;
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
  async promote(id: string): Promise<void> {
    const entry = this.procs.get(id);
    if (!entry) return;
    entry.announceExit = true;
    entry.persistRecord = entry.app !== null;
    entry.daemon = true;
    await this.persist();
  }

  /** The environment entry that marks a process as started by this home's Hangar (empty without a home). */
  get ownerEnv(): Record<string, string> {
    return this.options.home ? { [OWNER_ENV]: this.options.home.root } : {};
  }

  /** Stops one process tree: SIGTERM, grace, SIGKILL. */
  async stop(id: string, options: KillOptions = {}): Promise<void> {
    const entry = this.procs.get(id);
    if (!entry) return;
    if (entry.state === 'stopped' || entry.state === 'exited' || entry.state === 'crashed') {
      await entry.kill({ graceMs: this.graceMs, ...options });
      return;
    }
    entry.state = 'stopping';
    await entry.kill({ graceMs: this.graceMs, ...options });
    if (entry.state === 'stopping') entry.state = 'stopped';
    await this.persist();
  }

  async stopRun(runId: string, options: KillOptions = {}): Promise<void> {
    await Promise.all(this.list({ runId }).map((p) => this.stop(p.id, options)));
  }

  async stopApp(app: string, options: KillOptions = {}): Promise<void> {
    await Promise.all(this.list({ app }).map((p) => this.stop(p.id, options)));
  }

  /**
   * Reads the records of a previous server life. An app daemon that is verified alive and runs under a keeper is
   * adopted (`mode` 'adopt'): its output is followed again and it is supervised as if started here. Everything else
   * is stopped: install steps, terminals, anything recorded but unverifiable, and any process carrying this home's
   * owner marker that no record names (the record file was corrupt or missing).
   */
  async recover(mode: RecoveryMode = 'adopt'): Promise<RecoveryReport[]> {
    if (!this.records) return [];
    const records = await this.records.read();
    const adoptable = (r: ProcessRecord) =>
      mode === 'adopt' && r.daemon === true && r.keeper !== undefined;
    const reports = [
      ...(await recoverRecords(records.filter(adoptable), 'adopt', this.graceMs)),
      ...(await recoverRecords(
        records.filter((r) => !adoptable(r)),
        'stop',
        this.graceMs,
      )),
    ];
    const kept = new Set<string>();
    for (const report of reports) {
      if (report.outcome !== 'adopted') continue;
      const rec = report.record;
      kept.add(rec.token);
      const entry = new SupervisedProcess(rec.id, {
        app: rec.app,
        runId: rec.runId,
        script: rec.script,
        spec: { file: rec.command, cwd: rec.cwd, env: {} },
        port: rec.port,
        persist: true,
      });
      entry.daemon = true;
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
    if (this.options.home) await stopStrays(this.options.home.root, kept, this.graceMs);
    await this.persist();
    return reports;
  }

  /**
   * Stops everything (server shutdown), newest first. With `keepDaemons`, app daemons under a keeper are let go
   * instead, still recorded, for the next Hangar to adopt.
   */
  async dispose(options: KillOptions & { keepDaemons?: boolean } = {}): Promise<void> {
    this.disposed = true;
    const entries = [...this.procs.values()].reverse();
    const left = options.keepDaemons
      ? entries.filter((p) => p.daemon && p.alive && p.proc?.kept)
      : [];
    await this.persist();
    for (const entry of left) {
      entry.released = true;
      await entry.proc!.release();
    }
    await Promise.all(
      entries.filter((p) => !left.includes(p)).map((p) => this.stop(p.id, options)),
    );
  }

  private launch(entry: SupervisedProcess): void {
    const spec = entry.options.spec;
    // An app's processes run under a keeper: they outlive Hangar and a later Hangar adopts its daemons.
    const keepIn =
      entry.app !== null && this.options.home
        ? path.join(this.options.home.state, 'procs')
        : undefined;
    this.watch(
      entry,
      spawnProcess({
        ...spec,
        env: { ...spec.env, ...this.ownerEnv },
        ...(keepIn ? { keepIn } : {}),
      }),
    );
  }

  /** Supervises one incarnation: its output, its exit (crash detection), its record. Apps restart in apps/. */
  private watch(entry: SupervisedProcess, proc: SpawnedProcess): void {
    entry.proc = proc;
    entry.state = 'running';
    proc.onData((data) => entry.emitData(data));
    proc.onExit((exit) => {
      if (entry.released) return;
      if (entry.proc !== proc) return;
      const stopped = entry.state === 'stopping' || entry.state === 'stopped';
      const crashed = !stopped && (exit.exitCode !== 0 || exit.signal !== null);
      if (stopped) {
        entry.state = 'stopped';
        this.finish(entry, 'stopped', exit.exitCode, exit.signal);
        return;
      }
      // The tree may have left children behind: take them down with their parent.
      void proc.stop({ graceMs: this.graceMs });
      entry.exitCode = exit.exitCode;
      entry.state = crashed ? 'crashed' : 'exited';
      this.finish(entry, crashed ? 'crashed' : 'exited', exit.exitCode, exit.signal);
    });
    void this.persist();
  }

  private finish(
    entry: SupervisedProcess,
    status: ProcessExitEvent['status'],
    exitCode: number | null,
    signal: number | null,
  ): void {
    const event: ProcessExitEvent = {
      id: entry.id,
      app: entry.app,
      runId: entry.runId,
      script: entry.options.script ?? '',
      status,
      exitCode,
      signal,
      lastLines: entry.tail.lastLines(20),
    };
    if (entry.port !== null) this.options.ports?.releasePort(entry.port);
    for (const listener of this.exitListeners) listener(event);
    if (status !== 'stopped' && entry.announceExit && this.options.announce !== false)
      this.announce(event);
    void this.persist();
  }

  private announce(event: ProcessExitEvent): void {
    const bus = this.options.bus;
    if (!bus) return;
    const message =
      event.status === 'crashed'
        ? `Process exited with code ${event.exitCode ?? `signal ${event.signal}`}`
        : 'Process exited';
    bus.emit('run:status', {
      runId: event.runId,
      app: event.app ?? undefined,
      script: event.script,
      status: event.status === 'crashed' ? 'crashed' : 'exited',
      error:
        event.status === 'crashed'
          ? { code: 'step_failed', message, lastLines: event.lastLines }
          : undefined,
    });
    if (event.app && !this.list({ app: event.app }).some((p) => p.alive)) {
      bus.emit('app:status', {
        name: event.app,
        state: event.status === 'crashed' ? 'failed' : 'stopped',
        url: null,
        port: null,
        error: event.status === 'crashed' ? { message, lastLines: event.lastLines } : null,
      });
    }
  }

  private async persist(): Promise<void> {
    if (!this.records) return;
    const records: ProcessRecord[] = [];
    for (const entry of this.procs.values()) {
      // A tree being stopped stays recorded until it is gone: a crash meanwhile leaves it findable.
      if (!entry.alive) continue;
      const proc = entry.proc;
      if (!entry.persistRecord || !proc) continue;
      const kept = proc.kept;
      records.push({
        id: entry.id,
        app: entry.app,
        runId: entry.runId,
        script: entry.options.script ?? '',
        pid: proc.pid,
        pgid: proc.pid,
        sid: proc.pid,
        startTime: proc.startTime ?? (await readProc(proc.pid))?.startTime ?? null,
        token: proc.token,
        port: entry.port,
        command: [entry.options.spec.file, ...(entry.options.spec.args ?? [])].join(' '),
        cwd: entry.options.spec.cwd,
        startedAt: proc.startedAt,
        daemon: entry.daemon,
        ...(kept ? { keeper: { log: kept.files.log, input: kept.files.input } } : {}),
      });
    }
    // A failed state write only weakens re-adoption after a crash; the processes themselves are fine.
    await this.records.write(records).catch(() => undefined);
  }
}
