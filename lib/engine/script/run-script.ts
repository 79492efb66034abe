// Runs a run's script to its outcome: loads it, checks its methods, executes its steps and triggered actions, and
import { APP_BIND_ADDRESS } from '../../shared/placement';
// turns a failure into the run's error (with a diagnosis when one fits).
import path from 'node:path';
import type { RunStatus } from '../../shared/events';
import type { SystemSnapshot } from '../../shared/system';
import { errorMessage, isEngineError } from '../errors';
import { isKnownMethod, knownMethods } from '../steps/registry';
import { saveDaemonLocal } from './adopted-run';
import { executeSteps } from './execute';
import { buildInfo } from './info';
import { buildKernel, type KernelRuntime } from './kernel';
import { loadScript, unknownMethodError, validateSteps, type StepSpec } from './loader';
import type { RunHost } from './run-context';
import type { ScriptRunnerOptions } from './runner-options';
import type { RunError, RunRecord } from './run-types';
import { buildScope } from './scope';
import type { StepQueues } from './step-queue';
import { TriggeredActions } from './triggered-actions';
import { stepTitle } from '../../shared/step-title';

/** What running a script needs from its runner. */
export interface ScriptRunDeps {
  options: ScriptRunnerOptions;
  host: RunHost;
  runtime: KernelRuntime;
  system: SystemSnapshot;
  queues: StepQueues;
  log(run: RunRecord, text: string, stream?: 'stdout' | 'info' | 'error'): void;
  finalize(
    run: RunRecord,
    status: RunStatus,
    out?: { result?: unknown; error?: RunError },
  ): Promise<void>;
  emitStatus(run: RunRecord, out?: { result?: unknown; error?: RunError }): void;
}

/** Executes the run's steps; a plain script is finalized, a daemon whose steps ended is marked ready. */
export async function runScript(run: RunRecord, deps: ScriptRunDeps): Promise<void> {
  let result: unknown;
  try {
    result = await runSteps(run, deps);
  } catch (error) {
    if (run.stopping || run.finalized) return;
    await deps.finalize(run, 'failed', { error: await runError(run, error, deps) });
    return;
  }
  if (run.stopping || run.finalized) return;
  run.stepsEnded = true;
  if (!run.info.daemon) return deps.finalize(run, 'finished', { result });
  run.info.ready = true;
  // A later Hangar that adopts this daemon gets its `local` back (menus read the captured URL from it).
  await saveDaemonLocal(deps.options.home.logs, run.info.runId, run.local).catch((error: unknown) =>
    deps.log(run, `could not keep local for a restart: ${errorMessage(error)}\n`, 'error'),
  );
  deps.emitStatus(run, { result });
  run.resolveDone({ runId: run.info.runId, status: 'running', result });
}

async function runSteps(run: RunRecord, deps: ScriptRunDeps): Promise<unknown> {
  const { options, runtime, system } = deps;
  const kernel = buildKernel(runtime, path.dirname(run.file));
  const info = buildInfo(runtime, path.dirname(run.file));
  const loaded = await loadScript(run.file, { kernel, info, appDir: run.info.appDir });
  run.info.daemon = loaded.daemon;
  if (loaded.requires !== undefined)
    await options.requirements?.(loaded.requires, system, (line) =>
      deps.log(run, `${line}\n`, 'info'),
    );
  let steps: StepSpec[] | null = loaded.steps;
  if (!steps && loaded.runFn) {
    const scope = buildScope({
      runtime,
      system,
      kernel,
      file: run.file,
      uri: run.uri,
      cwd: run.cwd,
      appDir: run.info.appDir,
      apiDir: options.home.api,
      self: loaded.self,
      local: run.local,
      global: deps.host.globals,
      input: run.params,
      args: run.params,
      current: 0,
      next: null,
      env: {},
      port: undefined,
      host: APP_BIND_ADDRESS,
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
    host: deps.host,
    runtime,
    system,
    kernel,
    queues: deps.queues,
    trigger: (action: string, input: unknown) => triggered.queue(action, input),
  };
  // Triggered actions run beside the main steps; their steps do not move the run's step counter.
  const triggered = new TriggeredActions(
    run,
    loaded,
    (actionSteps, input) =>
      executeSteps(run, loaded, actionSteps, { ...base, onStep: () => undefined }, input),
    (text, stream) => deps.log(run, text, stream),
  );
  const result = await executeSteps(run, loaded, list, {
    ...base,
    onStep: (r, index, total, step) => {
      const method = typeof step.method === 'string' ? step.method : '(inline function)';
      const title = stepTitle({ ...step, method });
      r.info.step = { index, total, method, title, id: step.id };
      options.bus.emit('run:step', {
        runId: r.info.runId,
        index,
        total,
        method,
        title,
        id: step.id,
      });
    },
  });
  // A run that ends with its steps first lets the actions its output triggered finish.
  if (!loaded.daemon) await triggered.settled();
  return result;
}

/** The run's error from what its script threw, logged, with a diagnosis when the matcher has one. */
export async function runError(
  run: RunRecord,
  error: unknown,
  deps: Pick<ScriptRunDeps, 'options' | 'log'>,
): Promise<RunError> {
  const err: RunError = {
    code: isEngineError(error) ? error.code : 'internal',
    message: errorMessage(error),
    lastLines: run.log.tail(),
  };
  const step = isEngineError(error) ? error.details?.step : undefined;
  if (typeof step === 'number') err.step = step;
  // A diagnosis is advice: when the matcher itself fails, the run fails with its own error alone.
  const diagnosis = await deps.options
    .diagnose?.({
      code: err.code,
      message: err.message,
      details: isEngineError(error) ? error.details : undefined,
      output: run.log.tail(80).join('\n'),
    })
    .catch(() => null);
  if (diagnosis) err.diagnosis = diagnosis;
  deps.log(run, `\n${err.message}\n`, 'error');
  return err;
}
