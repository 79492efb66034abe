// exec: a plain child_process.exec (no pty); returns {stdout, stderr, error}.
import { exec as execCb } from 'node:child_process';
import { EngineError } from '../errors';
import type { ShellContext } from './shell/shell-context';
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
  const env = { ...(await ctx.env()), ...(p.env as Record<string, string> | undefined) };
  ctx.log(`$ ${p.message}\n`, 'info');
  // Recorded before it runs, so a restarted Hangar ends it if this one dies meanwhile.
  const tracked = (ctx as ShellContext).supervisor?.track({
    app: ctx.app,
    runId: ctx.runId,
    script: ctx.scriptFile,
    command: p.message,
    cwd,
  });
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = execCb(
        p.message as string,
        {
          cwd,
          env: { ...env, ...tracked?.env } as NodeJS.ProcessEnv,
          signal: ctx.signal,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          tracked?.ended();
          if (stdout) ctx.log(stdout);
          if (stderr) ctx.log(stderr, 'error');
          resolve({ stdout, stderr, error: error ? error.message : null });
        },
      );
    } catch (error) {
      tracked?.ended();
      reject(error as Error);
      return;
    }
    if (child.pid !== undefined) tracked?.started(child.pid);
  });
};

export const execMethods: Record<string, StepMethod> = { exec };
