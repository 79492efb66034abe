// exec: a plain child_process.exec (no pty); returns {stdout, stderr, error}.
import { exec as execCb } from 'node:child_process';
import { z } from 'zod';
import { defineStep, pathOptions, widePath, type StepDescriptor } from './descriptor';
import { fields, scalar } from './schemas';

const PATH = widePath('path');
const CWD = widePath('cwd');

const exec = defineStep({
  summary: 'runs a command without a pty and returns {stdout, stderr, error}',
  params: fields(
    {
      message: z.string(),
      path: z.string().optional(),
      cwd: z.string().optional(),
      env: z.record(z.string(), scalar.transform(String)).optional(),
    },
    'expected {message, path, env}',
  ),
  paths: [PATH, CWD],
  run: async (p, ctx) => {
    const cwd =
      p.path !== undefined
        ? ctx.resolvePath(p.path, pathOptions(PATH))
        : p.cwd !== undefined
          ? ctx.resolvePath(p.cwd, pathOptions(CWD))
          : ctx.cwd;
    const env = { ...(await ctx.env()), ...p.env };
    ctx.log(`$ ${p.message}\n`, 'info');
    // Recorded before it runs, so a restarted Hangar ends it if this one dies meanwhile.
    const tracked = ctx.services.supervisor?.track({
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
          p.message,
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
  },
});

export const execSteps: Record<string, StepDescriptor> = { exec };
