// Shared preparation of shell steps: working folder, environment, venv/conda activation, refusals.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../errors';
import { pathOptions, widePath } from '../descriptor';
import { fields, looseParams, scalar, stringOrList } from '../schemas';
import type { StepContext } from '../types';
import { activateVenv } from '../../venv';
import { planConda, planVenv } from './python-env';
import { appNetworkEnv, buildShellEnv } from './shell-env';
import { callsConda, ensureStepTools } from '../../tools';

export const SHELL_PATH = widePath('path');
export const SHELL_VENV = widePath('venv', 'path');

const handler = fields(
  {
    event: z.string().optional(),
    done: z.boolean().optional(),
    kill: z.boolean().optional(),
    break: z.boolean().optional(),
    trigger: z.string().optional(),
    once: z.boolean().optional(),
  },
  'expected an {event, done, kill, break, trigger} handler',
);

/** The params every shell step shares (`message`, `path`, `env`, `venv`, `conda`, `on`, …). */
export const shellParams = looseParams({
  message: z
    .union([scalar, z.array(z.unknown()), z.record(z.string(), z.unknown())], {
      error: 'expected a string, an array or an argv object',
    })
    .nullish(),
  chain: z.union([z.string(), z.boolean()]).nullish(),
  path: z.string().optional(),
  id: z.string().optional(),
  env: z
    .record(z.string(), z.unknown(), { error: 'expected an object of {NAME: value}' })
    .nullish(),
  '-env': stringOrList.optional(),
  venv: z
    .union([z.string(), fields({ path: z.string(), python: scalar.optional() })], {
      error: 'expected a folder or {path, python}',
    })
    .nullish(),
  venv_python: scalar.optional(),
  conda: z
    .union(
      [
        z.string(),
        z.boolean(),
        fields({
          path: z.string().optional(),
          name: z.string().optional(),
          python: z.string().optional(),
          skip: z.boolean().optional(),
        }),
      ],
      { error: 'expected a folder, false or {path|name, python, skip}' },
    )
    .nullish(),
  on: z.union([z.array(handler), handler]).optional(),
  sudo: z.boolean().optional(),
  /** shell.run: run the command on its own virtual X display (Xvfb). */
  display: z.boolean().optional(),
  /** shell.run: run the commands in the background, owned by the run; the step returns at once. */
  daemon: z.boolean().optional(),
  /** shell.run: the user may type into the shell, which stays open at a prompt after the command. */
  input: z.boolean().optional(),
});
export type ShellParams = z.output<typeof shellParams>;

export interface Prepared {
  cwd: string;
  env: Record<string, string>;
  /** Commands to run to completion first (venv/conda creation). */
  prepare: string[];
  /** Lines joined before each command (conda hook and activation). */
  prefix: string[];
}

export async function prepareShell(
  method: string,
  p: ShellParams,
  ctx: StepContext,
): Promise<Prepared> {
  if (p.sudo === true) {
    throw new EngineError(
      'forbidden',
      `${method} with sudo: true is refused: Hangar never runs commands as root. Run that command yourself in a terminal, then start the script again.`,
      {
        details: { param: 'sudo' },
      },
    );
  }
  const cwd = p.path ? ctx.resolvePath(p.path, pathOptions(SHELL_PATH)) : ctx.cwd;
  await mkdir(cwd, { recursive: true });
  const merged = await ctx.env();
  const env = buildShellEnv({
    merged,
    network: appNetworkEnv(merged, ctx.services.downloads?.settings().hfEndpoint),
    processEnv: process.env,
    cacheDir: ctx.home.cache,
    driveDir: ctx.home.drive,
    binDir: ctx.home.bin,
    paramsEnv: p.env,
    remove: p['-env'],
  });
  const venv = venvSpec(p);
  await ensureStepTools(
    {
      message: p.message,
      python: venv?.python,
      venvDir: venv ? path.resolve(cwd, venv.path) : undefined,
      conda:
        p.conda !== undefined &&
        p.conda !== null &&
        p.conda !== false &&
        !(typeof p.conda === 'object' && p.conda.skip === true),
    },
    { binDir: ctx.home.bin, env, log: (line) => ctx.log(`${line}\n`, 'info'), signal: ctx.signal },
  );
  const prepare: string[] = [];
  const prefix: string[] = [];
  const conda = await planConda(p.conda, cwd, env, {
    dir: ctx.appDir,
    callsConda: callsConda(p.message),
  });
  if (conda) {
    prepare.push(...conda.prepare.map((c) => [...conda.prefix.slice(0, 1), c].join(' && ')));
    prefix.push(...conda.prefix);
  }
  if (venv) {
    const dir = path.resolve(cwd, venv.path);
    ctx.resolvePath(dir, pathOptions(SHELL_VENV));
    prepare.push(...(await planVenv(dir, venv.python, env)));
    activateVenv(env, dir);
  }
  return { cwd, env, prepare, prefix };
}

function venvSpec(p: ShellParams): { path: string; python?: string } | null {
  const python = p.venv_python === undefined ? undefined : String(p.venv_python);
  if (typeof p.venv === 'string') return p.venv === '' ? null : { path: p.venv, python };
  if (p.venv)
    return {
      path: p.venv.path,
      python: typeof p.venv.python === 'string' ? p.venv.python : python,
    };
  return null;
}

/** What to start for one command line: a drained bash script (no output lost at exit) with the activation prefix. */
export function commandSpec(command: string, prefix: string[]): CommandSpec {
  return { file: 'bash', args: [[...prefix, command].join(' && ')], drain: true };
}

export interface CommandSpec {
  file: string;
  args: string[];
  drain?: boolean;
}
