// Every app's environment, through the whole engine: bin/ first on PATH, the shared pip/uv caches, and nothing of
// the Python or conda environment Hangar itself was started in.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../lib/engine';
import { waitFor } from '../../../helpers/processes';

const LEAKS: Record<string, string> = {
  PYTHONHOME: '/leaked/python-home',
  PYTHONPATH: '/leaked/python-path',
  VIRTUAL_ENV: '/leaked/venv',
  CONDA_PREFIX: '/leaked/conda',
  CONDA_DEFAULT_ENV: 'leaked-env',
  CONDA_SHLVL: '1',
};
const saved = Object.fromEntries([...Object.keys(LEAKS), 'PATH'].map((k) => [k, process.env[k]]));
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("an app's environment", () => {
  it('has bin/ first on PATH and the shared caches, and none of the Python/conda variables Hangar was started with', async () => {
    Object.assign(process.env, LEAKS);
    // As if Hangar were started from an activated venv and conda env: their bin folders lead its PATH.
    process.env.PATH = ['/leaked/venv/bin', '/leaked/conda/bin', process.env.PATH].join(
      path.delimiter,
    );
    const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-app-env-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const engine = await Engine.create({ home, version: 'test' });
    cleanups.push(() => engine.dispose());
    const dir = path.join(engine.layout.api, 'envdump');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'start.json'),
      JSON.stringify({
        run: [{ method: 'shell.run', params: { message: 'env | sort | sed "s/^/ENV /"' } }],
      }),
    );
    const { runId } = await engine.runner.start(path.join(dir, 'start.json'), { app: 'envdump' });
    await waitFor(() => engine.runner.get(runId)?.status === 'finished', 'the run to end', 30_000);
    const log = await readFile(engine.runner.get(runId)!.logFile, 'utf8');
    const env = Object.fromEntries(
      [...log.matchAll(/^ENV ([A-Za-z_][A-Za-z0-9_]*)=(.*?)\r?$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(env.HOME).toBeTruthy();
    expect(env.PATH!.split(path.delimiter)[0]).toBe(engine.layout.bin);
    expect(env.PIP_CACHE_DIR).toBe(path.join(engine.layout.cache, 'PIP_CACHE_DIR'));
    expect(env.UV_CACHE_DIR).toBe(path.join(engine.layout.cache, 'UV_CACHE_DIR'));
    for (const key of Object.keys(LEAKS)) expect(env[key], key).toBeUndefined();
    expect(env.PATH).not.toContain('/leaked/');
    expect(
      Object.keys(env).filter((k) => k.startsWith('CONDA_') && k !== 'CONDA_AUTO_ACTIVATE_BASE'),
    ).toEqual([]);
  });
});
