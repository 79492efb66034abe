// Legacy persistent shells: shell.start opens one, shell.enter/write type into it, shell.stop ends it.
import path from 'node:path';
import { EngineError } from '../../errors';
import type { StepMethod } from '../types';
import { compileHandlers } from './on-handlers';
import { paramsOf, prepareShell, type Params } from './prepare';
import { startOwned, watchCommand, type OwnedCommand } from './run-command';
import type { ShellContext } from './shell-context';

/** Open sessions, keyed by app folder + id (ids are shared by the scripts of one app, as in Pinokio). */
const sessions = new Map<string, OwnedCommand>();

function sessionKey(ctx: ShellContext, p: Params): string {
  const id =
    typeof p.id === 'string' && p.id !== ''
      ? p.id
      : typeof p.path === 'string' && p.path !== ''
        ? path.resolve(ctx.cwd, p.path)
        : ctx.cwd;
  return `${ctx.appDir}\0${id}`;
}

function find(ctx: ShellContext, p: Params, method: string): OwnedCommand {
  const session = sessions.get(sessionKey(ctx, p));
  if (!session || session.proc.exit) {
    throw new EngineError(
      'not_found',
      `${method}: no open shell ${JSON.stringify(p.id ?? p.path ?? ctx.cwd)}; run shell.start first.`,
    );
  }
  return session;
}

function messageText(p: Params, method: string): string {
  const m = p.message;
  if (Array.isArray(m))
    return m
      .filter((x) => x !== undefined && x !== null)
      .map(String)
      .join('\n');
  if (typeof m === 'string' || typeof m === 'number') return String(m);
  throw new EngineError('invalid_params', `${method} needs "message" (a string)`);
}

const shellStart: StepMethod = async (params, context) => {
  const ctx = context as ShellContext;
  const p = paramsOf('shell.start', params);
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
};

/** Types the message and a newline; with `on`, waits for a match and returns its rendered `return`. */
const shellEnter: StepMethod = async (params, context) => {
  const ctx = context as ShellContext;
  const p = paramsOf('shell.enter', params);
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
};

const shellWrite: StepMethod = async (params, context) => {
  const ctx = context as ShellContext;
  const p = paramsOf('shell.write', params);
  find(ctx, p, 'shell.write').proc.write(messageText(p, 'shell.write'));
  return undefined;
};

const shellStop: StepMethod = async (params, context) => {
  const ctx = context as ShellContext;
  const p = paramsOf('shell.stop', params);
  const key = sessionKey(ctx, p);
  const session = sessions.get(key);
  sessions.delete(key);
  await session?.stop();
  return undefined;
};

export const sessionMethods: Record<string, StepMethod> = {
  'shell.start': shellStart,
  'shell.enter': shellEnter,
  'shell.write': shellWrite,
  'shell.stop': shellStop,
};
