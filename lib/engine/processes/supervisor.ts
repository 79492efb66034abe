// Owns every long-running process: start, stop (tree kill), exit detection, restart policy, persisted records.
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events';
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import type { KillOptions } from './kill-tree';
import type { PortPool } from './port-pool';
import { ProcessRecords, type ProcessRecord } from './process-records';
import { recoverRecords, type RecoveryReport, type RecoveryMode } from './recover';
import { nextAttempt, restartDelay, NEVER } from './restart-policy';
import { isAlive, readProc } from './proc-table';
import { spawnProcess } from './spawn';
import { SupervisedProcess, type ProcessExitEvent, type SuperviseOptions } from './supervised-process';

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

export class ProcessSupervisor {
  private readonly procs = new Map<string, SupervisedProcess>();
  private readonly exitListeners = new Set<(event: ProcessExitEvent) => void>();
  private readonly records: ProcessRecords | null;
  private pollTimer: NodeJS.Timeout | null = null;
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
    if (this.procs.get(id)?.alive) throw new EngineError('conflict', `Process ${id} is already running.`, { details: { id } });
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
      (p) => (filter.app === undefined || p.app === filter.app) && (filter.runId === undefined || p.runId === filter.runId),
    );
  }

  /** Called when a process ends, on its own or by a stop. */
  onExit(listener: (event: ProcessExitEvent) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Turns a step's process into a supervised app daemon: its exit is announced and it is recorded for re-adoption. */
  async promote(id: string): Promise<void> {
    const entry = this.procs.get(id);
    if (!entry) return;
    entry.announceExit = true;
    entry.persistRecord = entry.app !== null;
    await this.persist();
  }

  /** Stops one process tree: SIGTERM, grace, SIGKILL. Cancels a pending restart. */
  async stop(id: string, options: KillOptions = {}): Promise<void> {
    const entry = this.procs.get(id);
    if (!entry) return;
    if (entry.restartTimer) clearTimeout(entry.restartTimer);
    entry.restartTimer = null;
    const pendingRestart = entry.state === 'restarting';
    const adopted = entry.state === 'adopted';
    if (entry.state === 'stopped' || entry.state === 'exited' || entry.state === 'crashed') {
      await entry.kill({ graceMs: this.graceMs, ...options });
      return;
    }
    entry.state = 'stopping';
    await entry.kill({ graceMs: this.graceMs, ...options });
    if (entry.state === 'stopping') entry.state = 'stopped';
    if (pendingRestart || adopted) this.finish(entry, 'stopped', null, null, null);
    await this.persist();
  }

  async stopRun(runId: string, options: KillOptions = {}): Promise<void> {
    await Promise.all(this.list({ runId }).map((p) => this.stop(p.id, options)));
  }

  async stopApp(app: string, options: KillOptions = {}): Promise<void> {
    await Promise.all(this.list({ app }).map((p) => this.stop(p.id, options)));
  }

  /**
   * Reads the records of a previous server life: verified live processes are adopted (or stopped when
   * `mode` is 'stop'); dead or unverifiable ones are dropped and their strays killed.
   */
  async recover(mode: RecoveryMode = 'adopt'): Promise<RecoveryReport[]> {
    if (!this.records) return [];
    const reports = await recoverRecords(await this.records.read(), mode, this.graceMs);
    for (const report of reports) {
      if (report.outcome !== 'adopted') continue;
      const rec = report.record;
      const entry = new SupervisedProcess(rec.id, { app: rec.app, runId: rec.runId, script: rec.script, spec: { file: rec.command, cwd: rec.cwd, env: {} }, port: rec.port, persist: true });
      entry.state = 'adopted';
      entry.adoptedRecord = rec;
      this.procs.set(rec.id, entry);
    }
    this.ensurePolling();
    await this.persist();
    return reports;
  }

  /** Stops everything (server shutdown), newest first. */
  async dispose(options: KillOptions = {}): Promise<void> {
    this.disposed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await Promise.all([...this.procs.values()].reverse().map((p) => this.stop(p.id, options)));
  }

  private launch(entry: SupervisedProcess): void {
    const proc = spawnProcess(entry.options.spec);
    entry.proc = proc;
    entry.state = 'running';
    proc.onData((data) => entry.emitData(data));
    proc.onExit((exit) => {
      if (entry.proc !== proc) return;
      const stopped = entry.state === 'stopping' || entry.state === 'stopped';
      const crashed = !stopped && (exit.exitCode !== 0 || exit.signal !== null);
      if (stopped) {
        entry.state = 'stopped';
        this.finish(entry, 'stopped', exit.exitCode, exit.signal, null);
        return;
      }
      // The tree may have left children behind: take them down with their parent.
      void proc.stop({ graceMs: this.graceMs });
      const policy = entry.options.restart ?? NEVER;
      entry.attempt = nextAttempt(policy, entry.attempt, Date.now() - proc.startedAt);
      const delay = this.disposed ? null : restartDelay(policy, entry.attempt, crashed);
      entry.exitCode = exit.exitCode;
      entry.state = delay === null ? (crashed ? 'crashed' : 'exited') : 'restarting';
      this.finish(entry, crashed ? 'crashed' : 'exited', exit.exitCode, exit.signal, delay);
      if (delay !== null) {
        entry.attempt += 1;
        entry.restartTimer = setTimeout(() => {
          entry.restartTimer = null;
          if (entry.state !== 'restarting' || this.disposed) return;
          try {
            this.launch(entry);
          } catch (error) {
            entry.tail.push(`${(error as Error).message}\n`);
            entry.state = 'crashed';
            this.finish(entry, 'crashed', null, null, null);
          }
        }, delay);
      }
    });
    void this.persist();
  }

  private finish(entry: SupervisedProcess, status: ProcessExitEvent['status'], exitCode: number | null, signal: number | null, restartInMs: number | null): void {
    const event: ProcessExitEvent = {
      id: entry.id,
      app: entry.app,
      runId: entry.runId,
      script: entry.options.script ?? '',
      status,
      exitCode,
      signal,
      lastLines: entry.tail.lastLines(20),
      restartInMs,
      attempt: entry.attempt,
    };
    if (restartInMs === null && entry.port !== null) this.options.ports?.releasePort(entry.port);
    for (const listener of this.exitListeners) listener(event);
    if (status !== 'stopped' && entry.announceExit && this.options.announce !== false) this.announce(event);
    void this.persist();
  }

  private announce(event: ProcessExitEvent): void {
    const bus = this.options.bus;
    if (!bus) return;
    const message = event.status === 'crashed' ? `Process exited with code ${event.exitCode ?? `signal ${event.signal}`}` : 'Process exited';
    bus.emit('run:status', {
      runId: event.runId,
      app: event.app ?? undefined,
      script: event.script,
      status: event.status === 'crashed' ? 'crashed' : 'exited',
      error: event.status === 'crashed' ? { code: 'step_failed', message, lastLines: event.lastLines } : undefined,
    });
    if (event.app && event.restartInMs === null && !this.list({ app: event.app }).some((p) => p.alive || p.state === 'restarting')) {
      bus.emit('app:status', {
        name: event.app,
        state: event.status === 'crashed' ? 'failed' : 'stopped',
        url: null,
        port: null,
        error: event.status === 'crashed' ? { message, lastLines: event.lastLines } : null,
      });
    }
  }

  private ensurePolling(): void {
    if (this.pollTimer || this.disposed) return;
    this.pollTimer = setInterval(() => void this.pollAdopted(), this.options.pollMs ?? 250);
    this.pollTimer.unref();
  }

  private async pollAdopted(): Promise<void> {
    for (const entry of this.procs.values()) {
      if (entry.state !== 'adopted' || !entry.adoptedRecord) continue;
      if (await isAlive(entry.adoptedRecord.pid)) continue;
      if (entry.state !== 'adopted') continue;
      entry.state = 'exited';
      // The exit code of a process we did not spawn is not knowable.
      this.finish(entry, 'exited', null, null, null);
    }
  }

  private async persist(): Promise<void> {
    if (!this.records) return;
    const records: ProcessRecord[] = [];
    for (const entry of this.procs.values()) {
      if (!entry.alive || entry.state === 'stopping') continue;
      if (entry.adoptedRecord) {
        records.push(entry.adoptedRecord);
        continue;
      }
      const proc = entry.proc;
      if (!entry.persistRecord || !proc) continue;
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
      });
    }
    // A failed state write only weakens re-adoption after a crash; the processes themselves are fine.
    await this.records.write(records).catch(() => undefined);
  }
}
