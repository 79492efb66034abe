// Shared parts of the download benchmarks: scratch space, timing, a child file server, our bundled client.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

export const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** tmpfs when there is one, so the disk's noise does not drown the software being measured. */
export async function scratch(prefix: string): Promise<string> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtemp(path.join(base, prefix));
}

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** Wall and CPU seconds of a command, through GNU time when present (CPU is null without it). */
export async function timedCommand(
  cmd: string,
  args: string[],
): Promise<{ wall: number; cpu: number | null }> {
  if (!existsSync('/usr/bin/time')) return { wall: await timed(() => run(cmd, args)), cpu: null };
  let cpu: number | null = null;
  const wall = await timed(async () => {
    const { stderr } = await run('/usr/bin/time', ['-f', 'CPU %U %S', cmd, ...args]);
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
    cpu = m ? Number(m[1]) + Number(m[2]) : null;
  });
  return { wall, cpu };
}

/** Peak RSS growth (MiB) of this process while `work` runs, sampled every 10 ms. */
export async function withRss<T>(work: () => Promise<T>): Promise<{ value: T; growthMiB: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, growthMiB: (peak - base) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

const SERVER = `
const { createReadStream, readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const [dir, cert, key] = process.argv.slice(1);
const handler = (req, res) => {
  const file = path.join(dir, path.basename(req.url));
  const size = statSync(file).size;
  res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream', etag: '"bench"' });
  createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
};
const server = cert
  ? require('node:https').createServer({ cert: readFileSync(cert), key: readFileSync(key) }, handler)
  : require('node:http').createServer(handler);
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/**
 * Serves the files of `dir` by name from a child process (its memory and CPU are not ours); over TLS when given
 * certificate and key files (the origin is then https://localhost).
 */
export async function startServer(
  dir: string,
  tls?: { cert: string; key: string },
): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['-e', SERVER, dir, ...(tls ? [tls.cert, tls.key] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, origin: tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}` };
}

export async function makeFile(file: string, size: number): Promise<void> {
  const block = randomBytes(16 << 20);
  const fh = await open(file, 'w');
  try {
    for (let written = 0; written < size; written += block.length)
      await fh.write(block, 0, Math.min(block.length, size - written));
  } finally {
    await fh.close();
  }
}

/**
 * Our side of the download benchmark, bundled with esbuild and run by plain node: that is how the
 * production server runs it (the tsx loader of `npm run bench` roughly doubles the CPU of a transfer).
 * It warms up on a small file, then downloads once and prints wall time, CPU and peak RSS growth.
 */
export function clientSource(): string {
  const lib = (rel: string): string => JSON.stringify(path.join(repoRoot, 'lib', 'engine', rel));
  return `
import { DownloadManager } from ${lib('downloads/index.ts')};
import { EventBus } from ${lib('events.ts')};
import { homeLayout } from ${lib('home.ts')};
async function main() {
  const [warmUrl, url, dir, dest] = process.argv.slice(2);
  const manager = new DownloadManager({ home: homeLayout(dir + '/home'), bus: new EventBus() });
  await manager.start({ url: warmUrl, dest: dest + '.warm' }).done;
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await manager.start({ url, dest, skipExisting: false }).done;
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  await manager.dispose();
  console.log(JSON.stringify({ secs, cpu: (cpu.user + cpu.system) / 1e6, growthMiB: (peak - base) / 1048576 }));
}
void main();
`;
}

/** Writes our client's source next to `dir` and bundles it with esbuild; returns the bundle to run with node. */
export async function bundleClient(dir: string): Promise<string> {
  const entry = path.join(dir, 'client.ts');
  const bundle = path.join(dir, 'client.cjs');
  await writeFile(entry, clientSource());
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
  return bundle;
}
