// `kernel.shell.*` for code modules: Pinokio's Shells API over Hangar's own shell steps (same ptys, supervisor,
// path rules and run ownership as `shell.run`/`shell.start` steps of the running script).
import path from 'node:path';
import { EngineError, isEngineError } from '../errors';
import { stripAnsi } from '../processes/log-ring';
import { shellSteps } from '../steps/shell';
import { soloStepRequest } from '../steps/step-request';
import type { StepContext } from '../steps/types';

/** What Pinokio hands an `ondata` callback: the raw chunk and the chunk without ANSI escapes. */
export interface ShellPacket {
  id?: string;
  raw: string;
  cleaned: string;
}
export type OnData = (packet: ShellPacket) => void;

export interface KernelShellResult {
  id: string;
  /** Pinokio's name for the output; same text as stdout. */
  response: string;
  stdout: string;
  exitCode: number | null;
  event: RegExpMatchArray | null;
}

export interface KernelShell {
  /** Runs `params.message` in a new shell (as the `shell.run` step); resolves when it ends (exitCode says how) or a handler matches. */
  run(
    params: Record<string, unknown>,
    options?: { cwd?: string },
    ondata?: OnData,
  ): Promise<KernelShellResult>;
  /** Opens a persistent shell and resolves with its id. */
  start(
    params: Record<string, unknown>,
    options?: { cwd?: string },
    ondata?: OnData,
  ): Promise<string>;
  /** Types `params.message` and Enter into shell `params.id`; with `on`, resolves with the match's `return`. */
  enter(params: Record<string, unknown>, ondata?: OnData): Promise<unknown>;
  /** Types `params.message` without Enter. */
  write(params: Record<string, unknown>, ondata?: OnData): Promise<unknown>;
  /** Stops shell `{ id }`, or every shell this run opened with `{ group }`. */
  stop(request: { id?: string; group?: string }): Promise<void>;
  /** Ends the wait of a pending `enter`/`run` on shell `id` with `response`. */
  resolve(id: string, response: unknown): void;
}

/** Pending waits per run and shell id, for `resolve`. */
const waits = new Map<string, (value: unknown) => void>();
/** Groups of the shells each run (known by its abort signal) opened through `start`. */
const groups = new WeakMap<AbortSignal, Map<string, string>>();

/** kernel.shell outside a running script (a menu, `hangar check`): every call says why it cannot run. */
export function unboundShell(): KernelShell {
  const refuse = (name: string) => () => {
    throw new EngineError(
      'not_available',
      `kernel.shell.${name} runs processes and is only available inside a running script (not in a menu or a check)`,
      { details: { member: `kernel.shell.${name}` } },
    );
  };
  return {
    run: refuse('run'),
    start: refuse('start'),
    enter: refuse('enter'),
    write: refuse('write'),
    stop: refuse('stop'),
    resolve: refuse('resolve'),
  } as unknown as KernelShell;
}

/** kernel.shell bound to the step context of the running script. */
export function boundShell(ctx: StepContext): KernelShell {
  const key = (id: string) => `${ctx.runId}\0${id}`;
  let runGroups = groups.get(ctx.signal);
  if (!runGroups) {
    runGroups = new Map<string, string>();
    groups.set(ctx.signal, runGroups);
  }

  const call = async (
    method: string,
    params: Record<string, unknown>,
    options: { cwd?: string } | undefined,
    ondata: OnData | undefined,
  ): Promise<unknown> => {
    // Pinokio resolves `path` against options.cwd (default: its home); Hangar keeps its path rules: against
    // options.cwd or the script's folder, inside the app folder, drive or cache.
    const resolved =
      options?.cwd !== undefined
        ? {
            ...params,
            path: path.resolve(
              ctx.cwd,
              options.cwd,
              typeof params.path === 'string' ? params.path : '.',
            ),
          }
        : params;
    const id = typeof params.id === 'string' ? params.id : undefined;
    const scoped: StepContext = {
      ...ctx,
      log: (text, stream) => {
        ctx.log(text, stream);
        if (ondata && (stream === undefined || stream === 'stdout'))
          ondata({ id, raw: text, cleaned: stripAnsi(text) });
      },
    };
    const pending = shellSteps[method]!.run(resolved, scoped, soloStepRequest(method, resolved));
    if (!id) return pending;
    return new Promise((resolve, reject) => {
      waits.set(key(id), resolve);
      pending.then(resolve, reject).finally(() => {
        if (waits.get(key(id)) === resolve) waits.delete(key(id));
      });
    });
  };

  return {
    async run(params, options, ondata) {
      const id = typeof params.id === 'string' ? params.id : '';
      let out: unknown;
      try {
        out = await call('shell.run', params, options, ondata);
      } catch (error) {
        const failed = exitFailure(error);
        if (!failed) throw error;
        // Pinokio resolves with the output when a command exits non-zero; the last lines are what Hangar keeps.
        const text = failed.lastLines.join('\n');
        return { id, response: text, stdout: text, exitCode: failed.exitCode, event: null };
      }
      if (typeof out === 'string' || out === undefined)
        return { id, response: out ?? '', stdout: out ?? '', exitCode: null, event: null };
      const result = out as Omit<KernelShellResult, 'response'>;
      return { ...result, response: result.stdout };
    },
    async start(params, options, ondata) {
      const id = (await call('shell.start', params, options, ondata)) as string;
      if (typeof params.group === 'string') runGroups.set(id, params.group);
      return id;
    },
    enter: (params, ondata) => call('shell.enter', params, undefined, ondata),
    write: (params, ondata) => call('shell.write', params, undefined, ondata),
    async stop(request) {
      const ids =
        typeof request.id === 'string'
          ? [request.id]
          : [...runGroups].filter(([, g]) => g === request.group).map(([id]) => id);
      for (const id of ids) {
        runGroups.delete(id);
        await shellSteps['shell.stop']!.run({ id }, ctx, soloStepRequest('shell.stop', { id }));
      }
    },
    resolve(id, response) {
      waits.get(key(id))?.(response);
    },
  };
}

/** The exit code and last lines of a shell step that failed because its command exited non-zero. */
function exitFailure(error: unknown): { exitCode: number; lastLines: string[] } | null {
  if (!isEngineError(error) || error.code !== 'step_failed') return null;
  const details = error.details as { exitCode?: unknown; lastLines?: unknown } | undefined;
  if (typeof details?.exitCode !== 'number') return null;
  const lastLines = Array.isArray(details.lastLines) ? details.lastLines.map(String) : [];
  return { exitCode: details.exitCode, lastLines };
}
