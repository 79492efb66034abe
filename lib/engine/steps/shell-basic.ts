// A plain shell.run (bash -c per message, exit code + stdout) until the processes issue's pty shell replaces it.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { compileHandlers, matchHandlers, type OnHandler } from './shell-on';
import type { StepContext, StepMethod } from './types';

type Params = Record<string, unknown>;

export interface ShellRunResult {
  id: string;
  stdout: string;
  exitCode: number | null;
  event: RegExpMatchArray | null;
  response?: unknown;
}

const STOP_GRACE_MS = 3000;
let shellSeq = 0;

function messagesOf(p: Params): string[] {
  const m = p.message;
  if (typeof m === 'string') return [m];
  if (Array.isArray(m)) return m.filter((x) => x !== undefined && x !== null && x !== '').map(String);
  throw new EngineError('invalid_params', 'shell.run needs "message" (a string or an array of strings)');
}

function mergeEnv(base: Record<string, string>, extra: unknown): Record<string, string> {
  const env = { ...base };
  if (!extra || typeof extra !== 'object') return env;
  for (const [key, value] of Object.entries(extra as Params)) {
    const name = key.toLowerCase() === 'path' ? 'PATH' : key;
    if (Array.isArray(value)) {
      env[name] = [...value.map(String), env[name]].filter(Boolean).join(path.delimiter);
    } else if (value !== undefined && value !== null) {
      env[name] = String(value);
    }
  }
  return env;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** The whole output line around a match position, for error messages. */
function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

/** Runs one command; resolves when it exits, or early when an `on` handler says done. */
function runOne(command: string, cwd: string, env: Record<string, string>, handlers: OnHandler[], ctx: StepContext): Promise<ShellRunResult> {
  const id = `${ctx.runId}:shell:${++shellSeq}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', command], { cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let rolling = '';
    let settled = false;
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    };
    const release = ctx.registerProcess({ id, pid: child.pid, stop });
    const onAbort = (): void => void stop();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    const onData = (chunk: Buffer, stream: 'stdout' | 'error'): void => {
      const text = chunk.toString('utf8');
      ctx.log(text, stream === 'stdout' ? 'stdout' : 'error');
      if (stream === 'stdout') stdout += text;
      rolling = (rolling + text.replace(/\r\n/g, '\n')).slice(-300);
      if (settled) return;
      const hit = matchHandlers(handlers, rolling);
      if (!hit) return;
      if (hit.handler.break) {
        const line = lineAround(rolling, hit.match.index ?? 0);
        finish(() => reject(new EngineError('step_failed', `shell.run stopped on the output line "${line}" (it matches ${hit.handler.source})`, { details: { event: [...hit.match] } })));
        void stop();
        rolling = '';
      } else if (hit.handler.kill) {
        rolling = '';
        finish(() => resolve({ id, stdout, exitCode: null, event: hit.match }));
        void stop();
      } else if (hit.handler.done) {
        rolling = '';
        finish(() => resolve({ id, stdout, exitCode: null, event: hit.match }));
      }
    };
    child.stdout.on('data', (c: Buffer) => onData(c, 'stdout'));
    child.stderr.on('data', (c: Buffer) => onData(c, 'error'));
    child.once('error', (error) => finish(() => reject(new EngineError('step_failed', `shell.run could not start bash: ${error.message}`, { cause: error }))));
    child.once('close', (code, signal) => {
      release();
      ctx.signal.removeEventListener('abort', onAbort);
      if (ctx.signal.aborted) return finish(() => reject(new EngineError('cancelled', 'shell.run was stopped')));
      if (code === 0) return finish(() => resolve({ id, stdout, exitCode: 0, event: null }));
      const last = stdout.trim().split('\n').slice(-5).join('\n');
      finish(() => reject(new EngineError('step_failed', `shell.run: "${command}" exited with ${code ?? signal}${last ? `\n${last}` : ''}`, { details: { exitCode: code, signal } })));
    });
  });
}

export const shellRun: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Params;
  const messages = messagesOf(p);
  const cwd = typeof p.path === 'string' ? ctx.resolvePath(p.path, { param: 'path', allowDrive: true, allowCache: true }) : ctx.cwd;
  await mkdir(cwd, { recursive: true });
  const env = mergeEnv(await ctx.env(), p.env);
  const handlers = compileHandlers(p.on);
  let result: ShellRunResult = { id: '', stdout: '', exitCode: 0, event: null };
  for (const message of messages) {
    ctx.log(`$ ${message}\n`, 'info');
    result = await runOne(message, cwd, env, handlers, ctx);
    if (result.event) break;
  }
  return result;
};

/** `process.daemonize`: a shell.run whose process the run keeps (the script must be a daemon to keep it after the last step). */
export const shellMethods: Record<string, StepMethod> = {
  'shell.run': shellRun,
  'process.daemonize': shellRun,
};
