// venv / venv_python / conda for shell steps: create when missing, then activate through the environment.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../../errors';
import { findPython, isUvShim } from '../../tools';
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
  if (python) return planPinnedVenv(venvDir, python, env);
  if (!(await which('python3', env))) {
    throw new EngineError(
      'missing_tool',
      'venv needs python3 on PATH to create the environment, and it is not installed.',
      { details: { tools: ['python3'] } },
    );
  }
  return [`python3 -m venv ${shellQuote(venvDir)}`];
}

/**
 * `venv_python`: with the real uv, `uv python install` then `uv venv --seed` (pip inside, as `python -m venv` gives);
 * without it, `-m venv` of a matching Python on PATH; otherwise an error naming the version and how to get it.
 */
async function planPinnedVenv(
  venvDir: string,
  python: string,
  env: Record<string, string>,
): Promise<string[]> {
  const dir = shellQuote(venvDir);
  const uv = await which('uv', env);
  if (uv && !(await isUvShim(uv))) {
    const version = shellQuote(python);
    return [`uv python install ${version}`, `uv venv ${dir} --python ${version} --seed`];
  }
  let search;
  try {
    search = await findPython(python, env.PATH ?? '');
  } catch (error) {
    throw new EngineError('invalid_params', `venv_python: ${(error as Error).message}`, {
      details: { param: 'venv_python' },
    });
  }
  if (search.match) return [`${shellQuote(search.match.path)} -m venv ${dir}`];
  const exe = `python${python.split('.').slice(0, 2).join('.')}`;
  const tried = search.tried.length > 0 ? ` (${search.tried.join('; ')})` : '';
  throw new EngineError(
    'missing_tool',
    `venv_python "${python}" needs Python ${python}: ${exe} is not on PATH${tried}, and uv, which would download it, could not be installed (see hangar doctor). Install Python ${python} (for example \`sudo apt-get install ${exe} ${exe}-venv\`, \`pyenv install ${python}\` or https://www.python.org/downloads/), or uv (\`pip install uv\`), then try again.`,
    { details: { tools: ['uv', exe], python, tried: search.tried } },
  );
}

/** Each app's own conda environment (where a step's `conda install` goes), under the app's folder. */
export const APP_CONDA_ENV = '.conda-env';

/**
 * conda: `"<path>"` or `{path|name, python, skip}`; a step that runs conda without the param, or names no env (conda
 * would use its shared base), gets the app's own env `<app>/.conda-env`. Requires conda on PATH (Hangar provisions
 * micromamba with a conda shim before the step when none is installed).
 */
export async function planConda(
  conda: ShellParams['conda'],
  cwd: string,
  env: Record<string, string>,
  app: { dir: string; callsConda: boolean },
): Promise<Setup | null> {
  if (conda === false || ((conda === undefined || conda === null) && !app.callsConda)) return null;
  const given =
    typeof conda === 'string' ? { path: conda } : typeof conda === 'object' ? conda : null;
  if (given?.skip === true) return null;
  const spec =
    typeof given?.path === 'string' || typeof given?.name === 'string'
      ? given
      : { ...given, path: path.join(app.dir, APP_CONDA_ENV) };
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
  const name = shellQuote(spec.name!);
  // conda lists `name  /path`, micromamba `  name  /path`: the name as the first word, either way.
  const listed = shellQuote(
    `^[[:space:]]*${spec.name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[[:space:]]`,
  );
  return {
    prepare: [
      `conda env list | grep -qE ${listed} || conda create -y -n ${name} python=${shellQuote(python)}`,
    ],
    prefix: [hook, `conda activate ${name}`],
  };
}
