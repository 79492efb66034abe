// exec: a plain child_process.exec (no pty); returns {stdout, stderr, error}.
import { exec as execCb } from 'node:child_process';
import { EngineError } from '../errors';
import type { StepMethod } from './types';

const exec: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.message !== 'string')
    throw new EngineError('invalid_params', 'exec needs a "message" string');
  const where = p.path ?? p.cwd;
  const cwd =
    typeof where === 'string'
      ? ctx.resolvePath(where, { param: 'path', allowDrive: true, allowCache: true })
      : ctx.cwd;
  const env = { ...(await ctx.env()), ...((p.env as Record<string, string>) ?? {}) };
  ctx.log(`$ ${p.message}\n`, 'info');
  return new Promise((resolve) => {
    execCb(
      p.message as string,
      { cwd, env: env as NodeJS.ProcessEnv, signal: ctx.signal, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (stdout) ctx.log(stdout);
        if (stderr) ctx.log(stderr, 'error');
        resolve({ stdout, stderr, error: error ? error.message : null });
      },
    );
  });
};

export const execMethods: Record<string, StepMethod> = { exec };
