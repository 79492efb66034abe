// Legacy persistent shells: shell.start opens one, shell.enter/write type into it, shell.stop ends it.
import { EngineError } from '../../errors';
import { defineStep, type StepDescriptor } from '../descriptor';
import type { StepContext } from '../types';
import { compileHandlers } from './on-handlers';
import { prepareShell, SHELL_PATH, SHELL_VENV, shellParams, type ShellParams } from './prepare';
import { startOwned, watchCommand, type OwnedCommand } from './run-command';

/** Open sessions, keyed by app folder + id (ids are shared by the scripts of one app, as in Pinokio). */
const sessions = new Map<string, OwnedCommand>();

/** A shell's id is its `id`, else the script's folder (as pinokiod: `path` sets where it runs, not its id). */
function sessionKey(ctx: StepContext, p: ShellParams): string {
  const id = p.id ? p.id : ctx.cwd;
  return `${ctx.appDir}\0${id}`;
}

function find(ctx: StepContext, p: ShellParams, method: string): OwnedCommand {
  const session = sessions.get(sessionKey(ctx, p));
  if (!session || session.proc.exit) {
    throw new EngineError(
      'not_found',
      `${method}: no open shell ${JSON.stringify(p.id ?? ctx.cwd)}; run shell.start first.`,
    );
  }
  return session;
}

function messageText(p: ShellParams, method: string): string {
  const m = p.message;
  if (Array.isArray(m))
    return m
      .filter((x) => x !== undefined && x !== null)
      .map(String)
      .join('\n');
  if (typeof m === 'string' || typeof m === 'number') return String(m);
  throw new EngineError('invalid_params', `${method} needs "message" (a string)`);
}

const shellStart = defineStep({
  summary: 'opens a persistent shell (legacy)',
  params: shellParams,
  paths: [SHELL_PATH, SHELL_VENV],
  run: async (p, ctx) => {
    const key = sessionKey(ctx, p);
    const existing = sessions.get(key);
    if (existing && !existing.proc.exit) return key.split('\0')[1];
    const prepared = await prepareShell('shell.start', p, ctx);
    const env = { ...prepared.env, PS1: '$ ' };
    // Interactive shells ignore SIGTERM; SIGHUP is how a closing terminal ends them.
    const owned = startOwned(
      ctx,
      { file: 'bash', args: ['--noprofile', '--norc', '-i'] },
      prepared.cwd,
      env,
      'SIGHUP',
    );
    sessions.set(key, owned);
    owned.proc.onExit(() => {
      if (sessions.get(key) === owned) sessions.delete(key);
    });
    for (const line of prepared.prefix) owned.proc.write(`${line}\n`);
    return key.split('\0')[1];
  },
});

/** Types the message and a newline; with `on`, waits for a match and returns its rendered `return`. */
const shellEnter = defineStep({
  summary: 'types a line into an open shell; with `on`, waits for a match',
  params: shellParams,
  run: async (p, ctx) => {
    const session = find(ctx, p, 'shell.enter');
    const text = messageText(p, 'shell.enter');
    const handlers = compileHandlers(p.on);
    const waiting = handlers.some((h) => h.hasReturn || h.done || h.kill);
    const pending = waiting
      ? watchCommand(ctx, session, 'shell.enter', handlers, () => undefined)
      : null;
    session.proc.write(`${text}\n`);
    if (!pending) return undefined;
    const outcome = await pending;
    return outcome.response !== undefined
      ? outcome.response
      : outcome.event
        ? [...outcome.event]
        : undefined;
  },
});

const shellWrite = defineStep({
  summary: 'types text into an open shell',
  params: shellParams,
  run: async (p, ctx) => {
    find(ctx, p, 'shell.write').proc.write(messageText(p, 'shell.write'));
    return undefined;
  },
});

const shellStop = defineStep({
  summary: 'closes an open shell',
  params: shellParams,
  run: async (p, ctx) => {
    const key = sessionKey(ctx, p);
    const session = sessions.get(key);
    sessions.delete(key);
    await session?.stop();
    return undefined;
  },
});

export const sessionSteps: Record<string, StepDescriptor> = {
  'shell.start': shellStart,
  'shell.enter': shellEnter,
  'shell.write': shellWrite,
  'shell.stop': shellStop,
};
