// Benchmark `startup`: process start → first 200 on `/`, and idle RSS; Hangar against plain `next start` on the same build.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { lowerIsBetter, type Benchmark } from './harness';
import { treeRssMiB } from './util/process-tree';
import { ensureBuilt } from '../../server/bin/build.mjs';

const root = path.resolve(__dirname, '../..');
const RUNS = 5;

async function firstOk(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet: poll again.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} never answered 200`);
}

async function measure(args: string[], port: number): Promise<{ ms: number; rssMiB: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  try {
    await firstOk(`http://127.0.0.1:${port}/`, Date.now() + 30_000);
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 1500));
    return { ms, rssMiB: treeRssMiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function run(): Promise<{
  ours: Array<{ ms: number; rssMiB: number }>;
  baseline: Array<{ ms: number; rssMiB: number }>;
}> {
  await ensureBuilt();
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-bench-'));
  const ours = [];
  const baseline = [];
  try {
    for (let i = 0; i < RUNS; i += 1) {
      const port = await getPort();
      ours.push(
        await measure(
          [
            path.join(root, 'server/bin/start.mjs'),
            '--port',
            String(port),
            '--home',
            home,
            '--headless',
          ],
          port,
        ),
      );
      const nextPort = await getPort();
      baseline.push(
        await measure(
          [
            path.join(root, 'node_modules/next/dist/bin/next'),
            'start',
            '-p',
            String(nextPort),
            '-H',
            '127.0.0.1',
          ],
          nextPort,
        ),
      );
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  return { ours, baseline };
}

let cached: ReturnType<typeof run> | null = null;

export const benchmarks: Benchmark[] = [
  {
    name: 'startup',
    async run() {
      cached ??= run();
      const { ours, baseline } = await cached;
      return lowerIsBetter(
        'startup',
        'ms to first 200',
        median(ours.map((r) => r.ms)),
        median(baseline.map((r) => r.ms)),
        {
          runs: RUNS,
          target: '< 1500 ms',
        },
      );
    },
  },
  {
    name: 'startup-rss',
    async run() {
      cached ??= run();
      const { ours, baseline } = await cached;
      return lowerIsBetter(
        'startup-rss',
        'MiB idle RSS',
        median(ours.map((r) => r.rssMiB)),
        median(baseline.map((r) => r.rssMiB)),
        { runs: RUNS, target: '< 150 MiB' },
      );
    },
  },
];
