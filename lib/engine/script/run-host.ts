// The RunHost a run's steps call back into: child scripts (script.start/stop/restart), input waits, the end of a
// daemon's last process, and the step services.
import path from 'node:path';
import type { RunStatus } from '../../shared/events';
import { EngineError } from '../errors';
import type { ScriptCallOptions } from '../steps/types';
import type { InputWaits } from './input-waits';
import { resolveScriptUri } from './resolve-uri';
import type { RunHost } from './run-context';
import type { ScriptRunnerOptions } from './runner-options';
import type { RunError, RunRecord, RunResult, StartOptions } from './run-types';
import { isInside } from './safe-path';

/** The runner's parts a RunHost works with. */
export interface RunnerCore {
  options: ScriptRunnerOptions;
  inputs: InputWaits;
  globals: Record<string, unknown>;
  start(uri: string, opts: StartOptions): Promise<{ runId: string; done: Promise<RunResult> }>;
  stop(runId: string): Promise<void>;
  liveRunOf(file: string): RunRecord | null;
  isRunning(absPath: string): boolean;
  isReady(absPath: string): boolean;
  localOf(absPath: string): Record<string, unknown>;
  log(run: RunRecord, text: string, stream?: 'stdout' | 'info' | 'error'): void;
  emitStatus(run: RunRecord): void;
  finalize(run: RunRecord, status: RunStatus, out?: { error?: RunError }): Promise<void>;
}

export function createRunHost(core: RunnerCore): RunHost {
  const { options } = core;
  const host: RunHost = {
    home: options.home,
    bus: options.bus,
    browserUri: options.browserUri,
    inputs: core.inputs,
    globals: core.globals,
    resolveUri: (run, uri) =>
      resolveScriptUri(uri, {
        cwd: path.dirname(run.file),
        home: options.home,
        signal: run.controller.signal,
      }),
    runScript: (run, uri, callOptions) => runChild(core, host, run, uri, callOptions),
    stopScript: async (run, uri) => {
      const target = core.liveRunOf(await host.resolveUri(run, uri));
      if (target) await core.stop(target.info.runId);
    },
    restartScript: async (run, uri, callOptions) => {
      const file = await host.resolveUri(run, uri);
      const target = core.liveRunOf(file);
      if (target) await core.stop(target.info.runId);
      await core.start(file, { params: callOptions?.params, ...appOf(run, file) });
    },
    isRunning: (p) => core.isRunning(p),
    isReady: (p) => core.isReady(p),
    localOf: (p) => core.localOf(p),
    log: (run, text, stream) => core.log(run, text, stream),
    setWaiting: (run, waiting, requestId, request) => {
      if (run.finalized) return;
      run.info.status = waiting ? 'waiting' : 'running';
      run.info.pendingInput = waiting
        ? { runId: run.info.runId, requestId: requestId as string, ...request }
        : null;
      core.emitStatus(run);
      if (run.info.pendingInput) options.bus.emit('run:input', run.info.pendingInput);
    },
    services: (run) => options.stepServices?.({ ...run.info }) ?? {},
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
      void core.finalize(run, clean ? 'exited' : 'crashed', { error });
    },
  };
  return host;
}

/** A script inside the run's app folder runs as part of that app. */
function appOf(run: RunRecord, file: string): Pick<StartOptions, 'app' | 'appDir'> {
  return isInside(file, run.info.appDir)
    ? { app: run.info.app ?? undefined, appDir: run.info.appDir }
    : {};
}

/** script.start: runs a child script to its end and returns its result (its failure is the step's). */
async function runChild(
  core: RunnerCore,
  host: RunHost,
  run: RunRecord,
  uri: string,
  options: ScriptCallOptions = {},
): Promise<unknown> {
  const file = await host.resolveUri(run, uri);
  const { runId, done } = await core.start(file, {
    params: options.params,
    parentId: run.info.runId,
    env: run.extraEnv,
    serverArgs: run.serverArgs,
    placement: run.placement,
    ...appOf(run, file),
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
