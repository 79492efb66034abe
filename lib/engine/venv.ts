// A Python venv activated through the environment: the effect of `source <venv>/bin/activate`, for any shell.
import path from 'node:path';

/** Sets VIRTUAL_ENV, puts the venv's bin first on PATH and drops PYTHONHOME, in place. */
export function activateVenv(env: Record<string, string>, venvDir: string): void {
  env.VIRTUAL_ENV = venvDir;
  env.PATH = `${path.join(venvDir, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
  delete env.PYTHONHOME;
}
