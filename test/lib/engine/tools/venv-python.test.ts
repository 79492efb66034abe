// venv_python: uv python install with the real uv, a matching Python on PATH without it, else a clear error.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installUvShim } from '../../../../lib/engine/tools';
import type { TestRun } from '../steps/shell/step-context';
import { exec, runPerTest } from './shell-run';

const startRun = runPerTest();

/** The machine's python3 version as major.minor (the one Python certainly on PATH here). */
async function systemPython(t: TestRun): Promise<string> {
  const out = await exec(t, {
    message: 'python3 -c "import sys; print(\'V=%d.%d\' % sys.version_info[:2])"',
  });
  return /V=(\d+\.\d+)/.exec(out.stdout)![1]!;
}

describe('venv_python', () => {
  it('without uv, creates the venv from a matching Python on PATH', async () => {
    const t = await startRun();
    await installUvShim(t.ctx.home.bin, 'the test has no uv');
    const version = await systemPython(t);
    const out = await exec(t, {
      venv: 'env',
      venv_python: version,
      message: "python -c \"import sys; print('in', sys.prefix, '%d.%d' % sys.version_info[:2])\"",
    });
    expect(out.stdout).toContain(`in ${path.join(t.appDir, 'env')} ${version}`);
  });

  it('without uv or a matching Python, names the version, what was tried and how to get it', async () => {
    const t = await startRun();
    await installUvShim(t.ctx.home.bin, 'the test has no uv');
    const broken = path.join(t.dir, 'broken-bin');
    await mkdir(broken);
    await writeFile(
      path.join(broken, 'python3.10'),
      '#!/bin/sh\necho "python3.10: not installed" >&2\nexit 127\n',
    );
    await chmod(path.join(broken, 'python3.10'), 0o755);
    const error = await exec(t, {
      venv: 'env',
      venv_python: '3.10',
      env: { PATH: [broken] },
      message: 'true',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'missing_tool' });
    const message = (error as Error).message;
    expect(message).toContain('venv_python "3.10" needs Python 3.10');
    expect(message).toContain(`${path.join(broken, 'python3.10')} did not run`);
    expect(message).toMatch(/python3 is Python 3\.\d+/);
    expect(message).toContain('apt-get install python3.10 python3.10-venv');
    expect(message).toContain('pyenv install 3.10');
    const bad = await exec(t, { venv: 'env', venv_python: 'three', message: 'true' }).catch(
      (e: unknown) => e,
    );
    expect(bad).toMatchObject({ code: 'invalid_params' });
    expect((bad as Error).message).toContain('"three" is not a Python version');
  });

  it('with the real uv, runs uv python install and uv venv --seed', async () => {
    const t = await startRun();
    // Stands in for the uv binary from the internet: records its arguments, makes the venv with the venv module.
    const calls = path.join(t.dir, 'uv-calls');
    await mkdir(t.ctx.home.bin, { recursive: true });
    await writeFile(
      path.join(t.ctx.home.bin, 'uv'),
      `#!/bin/bash\necho "$*" >> ${calls}\nif [ "$1" = venv ]; then exec python3 -m venv "$2"; fi\n`,
    );
    await chmod(path.join(t.ctx.home.bin, 'uv'), 0o755);
    const out = await exec(t, {
      venv: 'env',
      venv_python: '3.10',
      message: 'python -c "import sys; print(sys.prefix)"',
    });
    expect(out.stdout).toContain(path.join(t.appDir, 'env'));
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual([
      'python install 3.10',
      `venv ${path.join(t.appDir, 'env')} --python 3.10 --seed`,
    ]);
  });
});
