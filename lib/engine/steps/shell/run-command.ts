// Runs one command line in a pty until it exits, or until an `on` handler ends the wait (done/kill/break/return).
import { randomUUID } from 'node:crypto';
import { LOCAL_PLACEMENT, type Placement } from '../../../shared/placement';
import { EngineError } from '../../errors';
import { LogRing } from '../../processes/log-ring';
import type { RunnerProcess } from '../../runners/types';
import type { StepContext } from '../types';
import {
  compileHandlers,
  isEnding,
  OutputWatcher,
  renderEventTemplate,
  type Hit,
  type OnHandler,
} from './on-handlers';
import { commandSpec, type CommandSpec, type Prepared } from './prepare';

export interface CommandOutcome {
  id: string;
  stdout: string;
  exitCode: number | null;
  event: RegExpMatchArray | null;
  /** Rendered `return` of a matching handler (shell.enter). */
  response?: unknown;
  /** The process is still running (a `done` handler matched). */
  running: boolean;
}

/** Started process with the run's ownership attached: stop is idempotent and takes the whole tree. */
export interface OwnedCommand {
  id: string;
  proc: RunnerProcess;
  stop(): Promise<void>;
  /** Hands the still-running process to the supervisor as an app daemon (exit detection, re-adoption). */
  keep(): Promise<void>;
}

const STDOUT_CAP = 1024 * 1024;

/** Starts a command in a pty under the engine's supervisor, registered with the run. */
export function startOwned(
  ctx: StepContext,
  command: CommandSpec,
  cwd: string,
  env: Record<string, string>,
  stopSignal: NodeJS.Signals = 'SIGTERM',
  /** The user may type into it (shell.run `input: true`); otherwise keystrokes are refused. */
  interactive = false,
  /** Where it runs: the app's placement for its serving command, this machine for everything else. */
  placement: Placement = LOCAL_PLACEMENT,
  /** The app's serving command (see `SuperviseOptions.serving`). */
  serving = false,
): OwnedCommand {
  const { supervisor, stopGraceMs, terminal } = ctx.services;
  if (!supervisor)
    throw new EngineError(
      'not_available',
      "shell steps need the engine's process supervisor, which this run was not given",
      { details: { runId: ctx.runId } },
    );
  const id = `${ctx.runId}:shell:${randomUUID().slice(0, 8)}`;
  const kill = { graceMs: stopGraceMs ?? 5000, signal: stopSignal };
  const spec = { ...command, cwd, env, cols: terminal?.cols, rows: terminal?.rows };
  // Recorded from the start (install steps too): a restart after a crash finds and stops what a dead run left.
  const entry = supervisor.start({
    id,
    app: ctx.app,
    runId: ctx.runId,
    script: ctx.scriptFile,
    spec,
    placement,
    announce: false,
    serving,
  });
  const proc = entry.proc!;
  // Without a grace of the step's own, the supervisor's applies (read at each stop, so it can change live).
  const stop = (): Promise<void> =>
    supervisor.stop(id, stopGraceMs === undefined ? { signal: stopSignal } : kill);
  const keep = (): Promise<void> => (ctx.daemon ? supervisor.promote(id) : Promise.resolve());
  // Output goes to the run log for the whole life of the process, also after the step returned.
  proc.onData((data) => ctx.log(data, 'stdout'));
  const write = interactive ? (data: string) => proc.write(data) : undefined;
  const release = ctx.registerProcess({
    id,
    pid: proc.pid ?? undefined,
    stop,
    ...(write ? { write } : {}),
  });
  proc.onExit((exit) => release(exit));
  return { id, proc, stop, keep };
}

/** Runs the setup commands (venv/conda creation) to completion, each in its own shell, before the step's own. */
export async function runSetup(ctx: StepContext, prepared: Prepared, echo: boolean): Promise<void> {
  for (const command of prepared.prepare) {
    if (echo) ctx.log(`$ ${command}\n`, 'info');
    const owned = startOwned(ctx, commandSpec(command, []), prepared.cwd, prepared.env);
    await watchCommand(
      ctx,
      owned,
      `"${command}"`,
      compileHandlers(undefined, false),
      () => undefined,
    );
  }
}

export interface WatchOptions {
  /**
   * shell.run `input: true`, as Pinokio: a `break` match does not stop the interactive shell; the step fails
   * with it once the shell ends (or a handler ends the wait).
   */
  deferBreak?: boolean;
}

function fail(message: string, details: Record<string, unknown>): EngineError {
  return new EngineError('step_failed', message, { details });
}

/** Waits for the command: its exit, a handler, or the run being stopped. */
export function watchCommand(
  ctx: StepContext,
  owned: OwnedCommand,
  label: string,
  handlers: OnHandler[],
  notifyHit: (hit: Hit) => void,
  options: WatchOptions = {},
): Promise<CommandOutcome> {
  const { proc } = owned;
  /** With `deferBreak`, the first break match, which fails the step once it ends. */
  let broke: EngineError | null = null;
  const watcher = new OutputWatcher(handlers);
  const tail = new LogRing({ maxChars: 32 * 1024 });
  let stdout = '';
  return new Promise<CommandOutcome>((resolve, reject) => {
    let settled = false;
    const cleanups: Array<() => void> = [];
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      for (const c of cleanups) c();
      fn();
    };
    const succeed = (outcome: CommandOutcome): void =>
      settle(() => (broke ? reject(broke) : resolve(outcome)));
    const onAbort = (): void => {
      void owned.stop();
      settle(() => reject(new EngineError('cancelled', `${label} was stopped`)));
    };
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => ctx.signal.removeEventListener('abort', onAbort));
    cleanups.push(
      proc.onData((data) => {
        tail.push(data);
        if (stdout.length < STDOUT_CAP) stdout += data;
        if (settled) return;
        for (const hit of watcher.feed(data)) {
          const { handler, match } = hit;
          if (!isEnding(handler)) {
            notifyHit(hit);
            continue;
          }
          if (handler.break === true) {
            const line = lineAround(match.input ?? '', match.index ?? 0);
            const error = fail(
              `${label} ${options.deferBreak ? 'printed' : 'stopped on'} the output line "${line}", which its launcher counts as an error`,
              { event: [...match], pattern: handler.source, lastLines: tail.lastLines(20) },
            );
            if (options.deferBreak) {
              broke ??= error;
              continue;
            }
            void owned.stop();
            settle(() => reject(error));
          } else if (handler.kill) {
            void owned.stop();
            succeed({ id: owned.id, stdout, exitCode: null, event: match, running: false });
          } else {
            const response = handler.hasReturn
              ? renderEventTemplate(handler.return, match)
              : undefined;
            succeed({
              id: owned.id,
              stdout,
              exitCode: null,
              event: match,
              response,
              running: true,
            });
            keepWatching(proc, watcher, notifyHit);
          }
          return;
        }
      }),
    );
    cleanups.push(
      proc.onExit((exit) => {
        if (exit.exitCode === 0)
          return succeed({ id: owned.id, stdout, exitCode: 0, event: null, running: false });
        const lastLines = tail.lastLines(20);
        const how =
          exit.exitCode === null
            ? `was killed by signal ${exit.signal}`
            : `exited with code ${exit.exitCode}`;
        settle(() =>
          reject(
            fail(
              `${label} ${how}${lastLines.length ? `:\n${lastLines.slice(-10).join('\n')}` : ''}`,
              { exitCode: exit.exitCode, signal: exit.signal, lastLines },
            ),
          ),
        );
      }),
    );
  });
}

/**
 * A process left running (a server after its `done` match) still fires its notify and trigger handlers for
 * as long as it prints: "saved image …" from a running app. The listener ends with the process.
 */
function keepWatching(
  proc: RunnerProcess,
  watcher: OutputWatcher,
  notifyHit: (hit: Hit) => void,
): void {
  proc.onData((data) => {
    for (const hit of watcher.feed(data)) if (!isEnding(hit.handler)) notifyHit(hit);
  });
}

/** The whole line around a match position, for error messages. */
function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end).trim();
}
