// ScriptRunner: starts, tracks, stops and answers script runs; also the KernelRuntime menus read run state from.
import path from 'node:path';
import getPort, { portNumbers } from 'get-port';
import type { RunStatus } from '../../shared/events';
import type { SystemSnapshot } from '../../shared/system';
import { EngineError } from '../errors';
import { adoptedRunRecord, markReady, type AdoptedDaemon } from './adopted-run';
import { InputWaits, writeKeys } from './input-waits';
import type { KernelRuntime } from './kernel';
import { resolveScriptUri } from './resolve-uri';
import type { RunHost } from './run-context';
import { RunHistory } from './run-history';
import { createRunHost } from './run-host';
import type { RunLogPage, RunLogText } from './run-log';
import { pruneRuns } from './run-prune';
import { newRunRecord, type NewRun } from './run-record';
import { runPrelude, type RunPrelude } from './run-prelude';
import { runScript, type ScriptRunDeps } from './run-script';
import { disposeRuns } from './run-dispose';
import type { RunError, RunInfo, RunRecord, RunResult, StartOptions } from './run-types';
import { defaultSystem, type ScriptRunnerOptions } from './runner-options';
import { isInside } from './safe-path';
import { StepQueues } from './step-queue';

export { defaultSystem, type ScriptRunnerOptions } from './runner-options';

export class ScriptRunner implements KernelRuntime {
  private readonly runs = new Map<string, RunRecord>();
  private readonly locals = new Map<string, Record<string, unknown>>();
  private readonly inputs = new InputWaits();
  private readonly queues = new StepQueues();
  readonly globals: Record<string, unknown> = {};
  readonly home: string;

  private readonly host: RunHost;
  /** Every run with a log on disk, this Hangar's and earlier ones'. */
  private readonly history: RunHistory;

  constructor(private readonly options: ScriptRunnerOptions) {
    this.home = options.home.root;
    this.host = this.createHost();
    this.history = new RunHistory(path.join(options.home.logs, 'runs'));
  }

  /** Lists the runs earlier Hangars left on disk and prunes the old ones. */
  init(): void {
    this.history.load();
    this.prune();
  }

  get system(): SystemSnapshot {
    return (this.options.system ?? defaultSystem)();
  }

  port(): Promise<number> {
    if (this.options.reservePort) return this.options.reservePort();
    return getPort({ port: portNumbers(42003, 42999) });
  }

  /** Starts the script at uri (or returns the live run of that file). `done` settles when its steps end. */
  async start(
    uri: string,
    opts: StartOptions = {},
  ): Promise<{ runId: string; done: Promise<RunResult> }> {
    const { home } = this.options;
    const base =
      opts.cwd ?? opts.appDir ?? (opts.app ? path.join(home.api, opts.app) : process.cwd());
    const file = await resolveScriptUri(uri, { cwd: base, home });
    const live = this.liveRunOf(file);
    if (live) return { runId: live.info.runId, done: live.done };
    const rel = path.relative(home.api, file);
    const app =
      opts.app ??
      (isInside(file, home.api) && rel.includes(path.sep) ? rel.split(path.sep)[0] : null);
    const appDir = path.resolve(
      opts.appDir ?? (app ? path.join(home.api, app) : path.dirname(file)),
    );
    const local = this.locals.get(file) ?? {};
    this.locals.set(file, local);
    const run = this.open({ uri, file, app, appDir, local, opts });
    void this.execute(run);
    return { runId: run.info.runId, done: run.done };
  }

  /** A run that logs Hangar's own first phase (an app's clone), then runs the script it names. */
  startAfter(
    prelude: RunPrelude,
    opts: StartOptions & { app: string; appDir: string },
  ): { runId: string; done: Promise<RunResult> } {
    const appDir = path.resolve(opts.appDir);
    const { label: uri } = prelude;
    const run = this.open({ uri, file: appDir, app: opts.app, appDir, local: {}, opts });
    void runPrelude(run, prelude, {
      ...this.deps(),
      execute: (r) => {
        this.locals.set(r.file, r.local);
        return this.execute(r);
      },
    });
    return { runId: run.info.runId, done: run.done };
  }

  private open(spec: Omit<NewRun, 'home' | 'bus'>): RunRecord {
    const run = newRunRecord({ ...spec, home: this.options.home, bus: this.options.bus });
    this.runs.set(run.info.runId, run);
    void this.history.record(run.info);
    this.emitStatus(run);
    return run;
  }

  private execute(run: RunRecord): Promise<void> {
    return runScript(run, this.deps());
  }

  private deps(): ScriptRunDeps {
    return {
      options: this.options,
      host: this.host,
      runtime: this,
      system: this.system,
      queues: this.queues,
      log: (r, text, stream) => this.log(r, text, stream),
      finalize: (r, status, out) => this.finalize(r, status, out),
      emitStatus: (r, out) => this.emitStatus(r, out),
    };
  }

  private async finalize(
    run: RunRecord,
    status: RunStatus,
    out: { result?: unknown; error?: RunError } = {},
  ): Promise<void> {
    if (run.finalized) return;
    run.finalized = true;
    run.controller.abort();
    this.inputs.cancel(run.info.runId);
    await Promise.all([...run.children].map((id) => this.childStop(id)));
    await Promise.all(
      [...run.processes.values()].map((p) => p.stop(status).catch(() => undefined)),
    );
    run.processes.clear();
    if (this.locals.get(run.file) === run.local) this.locals.delete(run.file);
    Object.assign(run.info, {
      status,
      ready: false,
      endedAt: Date.now(),
      error: out.error ?? null,
      pendingInput: null,
      htmlmodal: null,
    });
    this.emitStatus(run, out);
    // Older runs are pruned before `done` settles, so whoever waits for it sees the logs kept.
    this.prune();
    run.resolveDone({ runId: run.info.runId, status: status as RunResult['status'], ...out });
    await run.log.close();
    if (this.history.get(run.info.runId)) await this.history.record(run.info, run.log.bytes);
  }

  private async childStop(id: string): Promise<void> {
    const child = this.runs.get(id);
    if (child && !child.finalized && !child.stepsEnded) await this.stop(id);
  }

  /** Adds a line of Hangar's own to a run's log (why a start is tried again, say). */
  note(runId: string, text: string): void {
    this.log(this.mustGet(runId), text, 'info');
  }

  /** Takes back an app daemon a previous Hangar started: its run, its log (same file) and its `local` live again. */
  async adopt(daemon: AdoptedDaemon): Promise<void> {
    const run = await adoptedRunRecord(daemon, this.options.home.logs, this.options.bus);
    this.runs.set(daemon.runId, run);
    this.locals.set(run.file, run.local);
    daemon.onData((data) => this.log(run, data));
    void daemon.ended.then((how) => this.finalize(run, how));
    this.emitStatus(run);
  }

  /** An adopted run whose app now answers becomes its ready daemon (see markReady). */
  async ready(runId: string): Promise<void> {
    await markReady(this.mustGet(runId), this.options.home.logs);
  }

  /** Stops a run: aborts its steps, rejects a pending input, stops its processes, clears its `local`. */
  async stop(runId: string): Promise<void> {
    const run = this.mustGet(runId);
    if (run.finalized) return;
    run.stopping = true;
    await this.finalize(run, 'stopped');
  }

  /** Answers the run's pending `input` step. */
  respond(runId: string, response: unknown): void {
    this.inputs.respond(this.mustGet(runId), response);
  }

  /** Types into the run's shells that take keystrokes (shell.run with `input: true`). */
  write(runId: string, data: string): void {
    writeKeys(this.mustGet(runId), data);
  }

  /** Runs of this Hangar and those recorded on disk by earlier ones (`live`: only this Hangar's), oldest first. */
  list(filter: { app?: string; live?: boolean } = {}): RunInfo[] {
    const all = [
      ...(filter.live ? [] : this.history.list()).filter((info) => !this.runs.has(info.runId)),
      ...[...this.runs.values()].map((r) => ({ ...r.info })),
    ];
    return all
      .filter((info) => filter.app === undefined || info.app === filter.app)
      .sort((a, b) => a.startedAt - b.startedAt);
  }

  get(runId: string): RunInfo {
    const run = this.runs.get(runId);
    return run ? { ...run.info } : (this.history.get(runId) ?? this.mustGet(runId).info);
  }

  logs(runId: string, options: { sinceSeq?: number; limit?: number } = {}): RunLogPage {
    const run = this.runs.get(runId);
    return run ? run.log.page(options) : this.recorded(runId).logs(runId, options.sinceSeq);
  }

  /** A page of the run's whole log file by byte offset (the way to read a run from its start). */
  logText(runId: string, range: { offset?: number; maxBytes?: number } = {}): RunLogText {
    const run = this.runs.get(runId);
    return run ? run.log.read(range) : this.recorded(runId).logText(runId, range);
  }

  isRunning(absPath: string): boolean {
    return this.liveRunOf(path.resolve(absPath)) !== null;
  }

  isReady(absPath: string): boolean {
    return this.liveRunOf(path.resolve(absPath))?.info.ready === true;
  }

  localOf(absPath: string): Record<string, unknown> {
    return this.locals.get(path.resolve(absPath)) ?? {};
  }

  /** Stops every live run; with `keepDaemons`, app daemons ready or placed on a cluster are left for the next Hangar. */
  async dispose(options: { keepDaemons?: boolean } = {}): Promise<void> {
    await disposeRuns([...this.runs.values()], options, (runId) => this.stop(runId));
    await this.history.settled();
  }

  private liveRunOf(file: string): RunRecord | null {
    for (const run of this.runs.values()) if (run.file === file && !run.finalized) return run;
    return null;
  }

  private recorded(runId: string): RunHistory {
    if (!this.history.get(runId)) this.mustGet(runId);
    return this.history;
  }

  private mustGet(runId: string): RunRecord {
    const run = this.runs.get(runId);
    if (!run)
      throw new EngineError('run_not_found', `No run with id ${runId}`, { details: { runId } });
    return run;
  }

  private emitStatus(run: RunRecord, out: { result?: unknown; error?: RunError } = {}): void {
    run.log.flush();
    this.options.bus.emit('run:status', {
      runId: run.info.runId,
      app: run.info.app ?? undefined,
      script: run.file,
      status: run.info.status,
      ...out,
    });
  }

  private log(run: RunRecord, text: string, stream: 'stdout' | 'info' | 'error' = 'stdout'): void {
    if (!text) return;
    run.log.append(text, stream);
  }

  private prune(): void {
    pruneRuns(this.runs, this.history, this.options);
  }

  private createHost(): RunHost {
    return createRunHost({
      options: this.options,
      inputs: this.inputs,
      globals: this.globals,
      start: (uri, opts) => this.start(uri, opts),
      stop: (runId) => this.stop(runId),
      liveRunOf: (file) => this.liveRunOf(file),
      localOf: (p) => this.localOf(p),
      isRunning: (p) => this.isRunning(p),
      isReady: (p) => this.isReady(p),
      log: (run, text, stream) => this.log(run, text, stream),
      emitStatus: (run) => this.emitStatus(run),
      finalize: (run, status, out) => this.finalize(run, status, out),
    });
  }
}
