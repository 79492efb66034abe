// ScriptRunner: starts, tracks, stops and answers script runs; also the KernelRuntime menus read run state from.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import getPort, { portNumbers } from 'get-port';
import type { RunStatus } from '../../shared/events';
import type { SystemSnapshot } from '../../shared/system';
import { EngineError, errorMessage, isEngineError } from '../errors';
import { isKnownMethod, knownMethods } from '../steps/registry';
import type { ScriptCallOptions } from '../steps/types';
import { executeSteps } from './execute';
import { InputWaits } from './input-waits';
import { buildKernel, type KernelRuntime } from './kernel';
import { loadScript, unknownMethodError, validateSteps, type StepSpec } from './loader';
import { resolveScriptUri } from './resolve-uri';
import type { RunHost } from './run-context';
import { RunHistory } from './run-history';
import { defaultSystem, type ScriptRunnerOptions } from './runner-options';

export { defaultSystem, type ScriptRunnerOptions } from './runner-options';
import { RunLog, type RunLogPage, type RunLogText } from './run-log';
import type { RunError, RunInfo, RunRecord, RunResult, StartOptions } from './run-types';
import { isInside } from './safe-path';
import { buildInfo } from './info';
import { buildScope } from './scope';
import { StepQueues } from './step-queue';
import { TriggeredActions } from './triggered-actions';
import { adoptedRunRecord, saveDaemonLocal, type AdoptedDaemon } from './adopted-run';

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
    const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    let resolveDone!: (r: RunResult) => void;
    const done = new Promise<RunResult>((r) => (resolveDone = r));
    const local = this.locals.get(file) ?? {};
    this.locals.set(file, local);
    const run: RunRecord = {
      info: {
        runId,
        app,
        script: file,
        appDir,
        status: 'running',
        daemon: false,
        ready: false,
        startedAt: Date.now(),
        endedAt: null,
        step: null,
        error: null,
        pendingInput: null,
        parentId: opts.parentId ?? null,
        logFile: '',
      },
      file,
      uri,
      cwd: opts.cwd ? path.resolve(opts.cwd) : path.dirname(file),
      params: opts.params ?? {},
      extraEnv: opts.env ?? {},
      serverArgs: opts.serverArgs ?? [],
      controller: new AbortController(),
      log: new RunLog(home.logs, runId, { bus: this.options.bus }),
      processes: new Map(),
      children: new Set(),
      local,
      returnValue: null,
      stepsEnded: false,
      stopping: false,
      finalized: false,
      done,
      resolveDone,
    };
    run.info.logFile = run.log.path;
    this.runs.set(runId, run);
    void this.history.record(run.info);
    this.emitStatus(run);
    void this.execute(run);
    return { runId, done };
  }

  private async execute(run: RunRecord): Promise<void> {
    let result: unknown;
    try {
      const kernel = buildKernel(this, path.dirname(run.file));
      const info = buildInfo(this, path.dirname(run.file));
      const loaded = await loadScript(run.file, { kernel, info, appDir: run.info.appDir });
      run.info.daemon = loaded.daemon;
      if (loaded.requires !== undefined)
        await this.options.requirements?.(loaded.requires, this.system);
      let steps: StepSpec[] | null = loaded.steps;
      if (!steps && loaded.runFn) {
        const scope = buildScope({
          runtime: this,
          system: this.system,
          kernel,
          file: run.file,
          uri: run.uri,
          cwd: run.cwd,
          appDir: run.info.appDir,
          apiDir: this.options.home.api,
          self: loaded.self,
          local: run.local,
          global: this.globals,
          input: run.params,
          args: run.params,
          current: 0,
          next: null,
          env: {},
          port: undefined,
        });
        const produced = await loaded.runFn(kernel, info, scope);
        validateSteps(run.file, produced);
        steps = produced;
      }
      const list = steps ?? [];
      list.forEach((step, index) => {
        if (
          typeof step.method === 'string' &&
          !step.uri &&
          !step.method.includes('{{') &&
          !isKnownMethod(step.method)
        ) {
          throw unknownMethodError(run.file, index, step.method, knownMethods());
        }
      });
      const base = {
        host: this.host,
        runtime: this,
        system: this.system,
        kernel,
        queues: this.queues,
        trigger: (action: string, input: unknown) => triggered.queue(action, input),
      };
      // Triggered actions run beside the main steps; their steps do not move the run's step counter.
      const triggered = new TriggeredActions(
        run,
        loaded,
        (actionSteps, input) =>
          executeSteps(run, loaded, actionSteps, { ...base, onStep: () => undefined }, input),
        (text, stream) => this.log(run, text, stream),
      );
      result = await executeSteps(run, loaded, list, {
        ...base,
        onStep: (r, index, total, step) => {
          const method = typeof step.method === 'string' ? step.method : '(inline function)';
          r.info.step = { index, total, method, id: step.id };
          this.options.bus.emit('run:step', {
            runId: r.info.runId,
            index,
            total,
            method,
            id: step.id,
          });
        },
      });
      // A run that ends with its steps first lets the actions its output triggered finish.
      if (!loaded.daemon) await triggered.settled();
    } catch (error) {
      if (run.stopping || run.finalized) return;
      const err: RunError = {
        code: isEngineError(error) ? error.code : 'internal',
        message: errorMessage(error),
        lastLines: run.log.tail(),
      };
      const step = isEngineError(error) ? error.details?.step : undefined;
      if (typeof step === 'number') err.step = step;
      // A diagnosis is advice: when the matcher itself fails, the run fails with its own error alone.
      const diagnosis = await this.options
        .diagnose?.({
          code: err.code,
          message: err.message,
          details: isEngineError(error) ? error.details : undefined,
          output: run.log.tail(80).join('\n'),
        })
        .catch(() => null);
      if (diagnosis) err.diagnosis = diagnosis;
      this.log(run, `\n${err.message}\n`, 'error');
      await this.finalize(run, 'failed', { error: err });
      return;
    }
    if (run.stopping || run.finalized) return;
    run.stepsEnded = true;
    if (!run.info.daemon) return this.finalize(run, 'finished', { result });
    run.info.ready = true;
    // A later Hangar that adopts this daemon gets its `local` back (menus read the captured URL from it).
    await saveDaemonLocal(this.options.home.logs, run.info.runId, run.local).catch(
      (error: unknown) =>
        this.log(run, `could not keep local for a restart: ${errorMessage(error)}\n`, 'error'),
    );
    this.emitStatus(run, { result });
    run.resolveDone({ runId: run.info.runId, status: 'running', result });
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
    run.log.append('\n[Hangar restarted and took this running process back]\n', 'info');
    daemon.onData((data) => this.log(run, data));
    void daemon.ended.then((how) =>
      this.finalize(run, how === 'crashed' ? 'crashed' : how === 'stopped' ? 'stopped' : 'exited'),
    );
    this.emitStatus(run);
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
    const run = this.mustGet(runId);
    if (!this.inputs.respond(runId, response)) {
      throw new EngineError('conflict', `Run ${runId} is not waiting for input`, {
        details: { runId, status: run.info.status },
      });
    }
  }

  /** Runs of this Hangar and those recorded on disk by earlier ones, oldest first. */
  list(filter: { app?: string } = {}): RunInfo[] {
    const all = [
      ...this.history.list().filter((info) => !this.runs.has(info.runId)),
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

  /** Stops every live run; with `keepDaemons`, ready app daemons are left running for the next Hangar to adopt. */
  async dispose(options: { keepDaemons?: boolean } = {}): Promise<void> {
    const left = (r: RunRecord) =>
      options.keepDaemons === true && r.info.daemon && r.info.ready && r.info.app !== null;
    await Promise.all(
      [...this.runs.values()]
        .filter((r) => !r.finalized && !left(r))
        .map((r) => this.stop(r.info.runId)),
    );
    await Promise.all(
      [...this.runs.values()].filter((r) => !r.finalized && left(r)).map((r) => r.log.close()),
    );
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

  /** Forgets old finished runs in memory (their records stay on disk) and removes old run logs from disk. */
  private prune(): void {
    const keep = this.options.keepFinished ?? 200;
    const finished = [...this.runs.values()].filter((r) => r.finalized);
    for (const run of finished.slice(0, Math.max(0, finished.length - keep)))
      this.runs.delete(run.info.runId);
    const live = new Set(
      [...this.runs.values()].filter((r) => !r.finalized).map((r) => r.info.runId),
    );
    const limits = this.options.logLimits?.() ?? { keepRuns: 50, maxBytes: 500 * 1024 * 1024 };
    try {
      for (const runId of this.history.prune(limits, live)) this.runs.delete(runId);
    } catch (error) {
      // Pruning frees disk space; a log that cannot be removed now is tried again after the next run.
      console.error('[runs] could not prune old run logs:', error);
    }
  }

  private createHost(): RunHost {
    return {
      home: this.options.home,
      bus: this.options.bus,
      inputs: this.inputs,
      globals: this.globals,
      localOf: (p) => this.localOf(p),
      resolveUri: (run, uri) =>
        resolveScriptUri(uri, {
          cwd: path.dirname(run.file),
          home: this.options.home,
          signal: run.controller.signal,
        }),
      runScript: (run, uri, options) => this.runChild(run, uri, options),
      stopScript: async (run, uri) => {
        const target = this.liveRunOf(await this.host.resolveUri(run, uri));
        if (target) await this.stop(target.info.runId);
      },
      restartScript: async (run, uri, options) => {
        const file = await this.host.resolveUri(run, uri);
        const target = this.liveRunOf(file);
        if (target) await this.stop(target.info.runId);
        await this.start(file, { params: options?.params, ...this.appOf(run, file) });
      },
      isRunning: (p) => this.isRunning(p),
      isReady: (p) => this.isReady(p),
      log: (run, text, stream) => this.log(run, text, stream),
      setWaiting: (run, waiting, requestId, request) => {
        if (run.finalized) return;
        run.info.status = waiting ? 'waiting' : 'running';
        run.info.pendingInput = waiting
          ? { runId: run.info.runId, requestId: requestId as string, ...(request ?? {}) }
          : null;
        this.emitStatus(run);
        if (run.info.pendingInput) this.options.bus.emit('run:input', run.info.pendingInput);
      },
      services: (run) => this.options.stepServices?.({ ...run.info }) ?? {},
      processEnded: (run, exit) => {
        if (!run.info.daemon || !run.stepsEnded || run.finalized || run.processes.size > 0) return;
        // A daemon whose last process ended by itself: a clean exit (code 0) or a crash, with its last lines.
        const clean = exit !== undefined && exit.exitCode === 0 && !exit.signal;
        const how =
          exit === undefined
            ? 'ended'
            : exit.signal
              ? `was killed by signal ${exit.signal}`
              : `exited with code ${exit.exitCode}`;
        const error: RunError = {
          code: 'step_failed',
          message: `the app's process ${how}`,
          lastLines: run.log.tail(),
          exitCode: exit?.exitCode ?? null,
        };
        void this.finalize(run, clean ? 'exited' : 'crashed', { error });
      },
    };
  }

  private appOf(run: RunRecord, file: string): Pick<StartOptions, 'app' | 'appDir'> {
    return isInside(file, run.info.appDir)
      ? { app: run.info.app ?? undefined, appDir: run.info.appDir }
      : {};
  }

  private async runChild(
    run: RunRecord,
    uri: string,
    options: ScriptCallOptions = {},
  ): Promise<unknown> {
    const file = await this.host.resolveUri(run, uri);
    const { runId, done } = await this.start(file, {
      params: options.params,
      parentId: run.info.runId,
      env: run.extraEnv,
      serverArgs: run.serverArgs,
      ...this.appOf(run, file),
    });
    run.children.add(runId);
    const outcome = await done;
    if (outcome.status === 'failed') {
      throw new EngineError(
        'step_failed',
        `script.start ${uri} failed: ${outcome.error?.message ?? 'unknown error'}`,
        { details: { runId } },
      );
    }
    if (outcome.status === 'stopped')
      throw new EngineError('cancelled', `script.start ${uri} was stopped`, { details: { runId } });
    return outcome.result;
  }
}
