// Shared preparation of shell steps: working folder, environment, venv/conda activation, refusals.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../../errors';
import { activateVenv, planConda, planVenv } from './python-env';
import { buildShellEnv } from './shell-env';
import type { ShellContext } from './shell-context';

export type Params = Record<string, unknown>;

export interface Prepared {
  cwd: string;
  env: Record<string, string>;
  /** Commands to run to completion first (venv/conda creation). */
  prepare: string[];
  /** Lines joined before each command (conda hook and activation). */
  prefix: string[];
}

export function paramsOf(method: string, params: unknown): Params {
  if (params === null || params === undefined) return {};
  if (typeof params !== 'object' || Array.isArray(params))
    throw new EngineError('invalid_params', `${method} needs an object of params`);
  return params as Params;
}

export async function prepareShell(
  method: string,
  p: Params,
  ctx: ShellContext,
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
  const cwd =
    typeof p.path === 'string' && p.path !== ''
      ? ctx.resolvePath(p.path, { param: 'path', allowDrive: true, allowCache: true })
      : ctx.cwd;
  await mkdir(cwd, { recursive: true });
  const env = buildShellEnv({
    merged: await ctx.env(),
    processEnv: process.env,
    cacheDir: ctx.home.cache,
    binDir: ctx.home.bin,
    paramsEnv: p.env,
    remove: p['-env'],
  });
  const prepare: string[] = [];
  const prefix: string[] = [];
  const conda = await planConda(p.conda, cwd, env);
  if (conda) {
    prepare.push(...conda.prepare.map((c) => [...conda.prefix.slice(0, 1), c].join(' && ')));
    prefix.push(...conda.prefix);
  }
  const venv = venvSpec(p);
  if (venv) {
    const dir = path.resolve(cwd, venv.path);
    ctx.resolvePath(dir, { param: 'venv', allowDrive: true, allowCache: true });
    prepare.push(...(await planVenv(dir, venv.python, env)));
    activateVenv(env, dir);
  }
  return { cwd, env, prepare, prefix };
}

function venvSpec(p: Params): { path: string; python?: string } | null {
  const python =
    typeof p.venv_python === 'string' || typeof p.venv_python === 'number'
      ? String(p.venv_python)
      : undefined;
  if (typeof p.venv === 'string' && p.venv !== '') return { path: p.venv, python };
  if (p.venv && typeof p.venv === 'object') {
    const v = p.venv as Params;
    if (typeof v.path === 'string')
      return { path: v.path, python: typeof v.python === 'string' ? v.python : python };
  }
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
