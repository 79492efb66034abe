// Benchmark `uv-shim`: one `uv pip install -r requirements.txt` through Hangar's pip shim (where uv cannot be had)
// against plain `pip install -r requirements.txt`, same venv setup, same local index, no cache.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { lowerIsBetter, round, type Benchmark } from './harness';
import { installUvShim } from '../../lib/engine/tools';
import { servePypiIndex } from '../helpers/servers/pypi-index';

const run = promisify(execFile);
const PACKAGES = ['six', 'idna'];
const RUNS = 4;

async function timed(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const started = performance.now();
  await run(file, args, { env, cwd });
  return performance.now() - started;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'uv-shim',
    async run() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-bench-uv-shim-'));
      const base = { ...process.env, PIP_RETRIES: '0' };
      try {
        const wheels = path.join(dir, 'wheels');
        await run('python3', ['-m', 'pip', 'download', '--no-deps', '-d', wheels, ...PACKAGES], {
          env: base,
        });
        const files = await readdir(wheels);
        const index = await servePypiIndex(
          Object.fromEntries(
            PACKAGES.map((p) => [
              p,
              files.filter((f) => f.startsWith(`${p}-`)).map((f) => path.join(wheels, f)),
            ]),
          ),
        );
        const bin = path.join(dir, 'bin');
        await installUvShim(bin, 'benchmark');
        await writeFile(path.join(dir, 'requirements.txt'), `${PACKAGES.join('\n')}\n`);
        const env = { ...base, PIP_INDEX_URL: index.url, PIP_NO_CACHE_DIR: '1' };
        const shim: number[] = [];
        const pip: number[] = [];
        try {
          for (let i = 0; i < RUNS; i++) {
            // Alternating which goes first, so neither always runs on a warmer machine.
            for (const which of i % 2 === 0
              ? (['shim', 'pip'] as const)
              : (['pip', 'shim'] as const)) {
              const venv = path.join(dir, `${which}-${i}`);
              await run('python3', ['-m', 'venv', venv]);
              const venvEnv = {
                ...env,
                VIRTUAL_ENV: venv,
                PATH: `${path.join(venv, 'bin')}${path.delimiter}${bin}${path.delimiter}${process.env.PATH ?? ''}`,
              };
              if (which === 'shim')
                shim.push(
                  await timed('uv', ['pip', 'install', '-r', 'requirements.txt'], venvEnv, dir),
                );
              else
                pip.push(
                  await timed(
                    path.join(venv, 'bin', 'python'),
                    ['-m', 'pip', 'install', '-r', 'requirements.txt'],
                    venvEnv,
                    dir,
                  ),
                );
            }
          }
        } finally {
          await index.close();
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        return lowerIsBetter('uv-shim', 'ms', median(shim), median(pip), {
          packages: PACKAGES,
          runs: RUNS,
          shimMs: shim.map(round),
          pipMs: pip.map(round),
          note: 'baseline is plain pip in the same kind of venv from the same local index; no real uv here',
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
