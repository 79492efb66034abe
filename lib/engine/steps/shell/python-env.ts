// venv / venv_python / conda for shell steps: create when missing, then activate through the environment.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../../errors';
import { shellQuote } from './message';
import type { ShellParams } from './prepare';

/** Absolute path of `cmd` on the PATH of `env`, or null. */
export async function which(cmd: string, env: Record<string, string>): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, cmd);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // Not in this PATH entry; try the next.
    }
  }
  return null;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export interface Setup {
  /** Commands run (each to completion) before the step's own command. */
  prepare: string[];
  /** Shell lines prefixed to every command (conda activation). */
  prefix: string[];
}

/** Plans creation of a venv when it is missing; the activation itself is applied by `activateVenv`. */
export async function planVenv(
  venvDir: string,
  python: string | undefined,
  env: Record<string, string>,
): Promise<string[]> {
  if (await exists(path.join(venvDir, 'bin', 'python'))) return [];
  if (python) {
    if (await which('uv', env))
      return [`uv venv ${shellQuote(venvDir)} --python ${shellQuote(python)}`];
    const exe = `python${python}`;
    if (await which(exe, env)) return [`${exe} -m venv ${shellQuote(venvDir)}`];
    throw new EngineError(
      'missing_tool',
      `venv_python "${python}" needs uv or ${exe} on PATH, and neither is installed.`,
      {
        details: { tools: ['uv', exe], python },
      },
    );
  }
  if (!(await which('python3', env))) {
    throw new EngineError(
      'missing_tool',
      'venv needs python3 on PATH to create the environment, and it is not installed.',
      { details: { tools: ['python3'] } },
    );
  }
  return [`python3 -m venv ${shellQuote(venvDir)}`];
}

/** conda: `"<path>"` or `{path|name, python, skip}`; requires conda on PATH. */
export async function planConda(
  conda: ShellParams['conda'],
  cwd: string,
  env: Record<string, string>,
): Promise<Setup | null> {
  if (conda === undefined || conda === null || conda === false) return null;
  const spec = typeof conda === 'string' ? { path: conda } : conda === true ? {} : conda;
  if (spec.skip === true) return null;
  if (!(await which('conda', env))) {
    throw new EngineError(
      'missing_tool',
      'This step needs conda, which is not installed or not on PATH. Install Miniforge (conda) or use a venv.',
      {
        details: { tools: ['conda'] },
      },
    );
  }
  const python = typeof spec.python === 'string' ? spec.python.replace(/^python=/, '') : '3.10';
  const hook = 'eval "$(conda shell.bash hook)"';
  if (typeof spec.path === 'string') {
    const dir = path.resolve(cwd, spec.path);
    const prepare = (await exists(path.join(dir, 'conda-meta')))
      ? []
      : [`conda create -y -p ${shellQuote(dir)} python=${shellQuote(python)}`];
    return { prepare, prefix: [hook, `conda activate ${shellQuote(dir)}`] };
  }
  if (typeof spec.name === 'string') {
    const name = shellQuote(spec.name);
    return {
      prepare: [
        `conda env list | grep -q "^${spec.name} " || conda create -y -n ${name} python=${shellQuote(python)}`,
      ],
      prefix: [hook, `conda activate ${name}`],
    };
  }
  return { prepare: [], prefix: [hook, 'conda activate base'] };
}
