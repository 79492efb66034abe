// The processes the proxy benchmarks load: one upstream, Hangar's proxy in origin and path mode, bare http-proxy,
// and nginx and HAProxy when installed; each TypeScript entry bundled with esbuild as production runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { has, startHaproxy, startNginx, stop, type ReferenceProxy } from './reference-proxies';

const root = path.resolve(__dirname, '../../..');

/**
 * Bundles a TypeScript entry with esbuild, as production runs the server (tsx's per-function name
 * helpers and loader cost a proxy several µs per request that production does not pay).
 */
async function bundle(file: string, dir: string): Promise<string> {
  const outfile = path.join(dir, `${path.basename(file, '.ts')}.cjs`);
  // Packages stay external (as in production's bundle) and resolve from the repo's node_modules.
  await build({
    entryPoints: [path.join(root, file)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Starts a bundled entry as its own process and reads the {"port":N} line it prints. */
async function startProcess(
  file: string,
  args: string[],
  dir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [await bundle(file, dir), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await Promise.race([
    once(child.stdout!, 'data'),
    once(child, 'exit').then(() => {
      throw new Error(`${file} exited before listening`);
    }),
  ])) as [Buffer];
  return { child, port: (JSON.parse(line.toString()) as { port: number }).port };
}

export interface Setup {
  direct: string;
  /** Hangar's default: the app at the root of its own origin, `bench.localhost`. */
  proxied: string;
  proxiedHost: string;
  /** Path mode: under /apps/bench/ on Hangar's origin. */
  pathMode: string;
  httpProxy: string;
  nginx: string | null;
  nginxTuned: string | null;
  haproxy: string | null;
  pids: {
    direct?: number;
    proxied?: number;
    pathMode?: number;
    httpProxy?: number;
    nginx?: number;
    haproxy?: number;
  };
  close(): Promise<void>;
}

export async function setupProxies(): Promise<Setup> {
  await mkdir(path.join(root, '.hangar-build'), { recursive: true });
  const dir = await mkdtemp(path.join(root, '.hangar-build', 'bench-'));
  const started: ChildProcess[] = [];
  const launch = async (
    file: string,
    args: string[],
  ): Promise<{ child: ChildProcess; port: number }> => {
    const proc = await startProcess(file, args, dir);
    started.push(proc.child);
    return proc;
  };
  let upstream,
    front,
    pathFront,
    reference,
    nginx: ReferenceProxy | null = null,
    haproxy: ReferenceProxy | null = null;
  try {
    upstream = await launch('test/fixtures/apps/bench-upstream.ts', []);
    front = await launch('test/server/proxy/front-process.ts', [
      'bench',
      String(upstream.port),
      'origin',
    ]);
    pathFront = await launch('test/server/proxy/front-process.ts', [
      'bench',
      String(upstream.port),
      'path',
    ]);
    reference = await launch('test/server/proxy/http-proxy-front.ts', [
      'bench',
      String(upstream.port),
    ]);
    nginx = has('nginx') ? await startNginx(upstream.port) : null;
    haproxy = has('haproxy') ? await startHaproxy(upstream.port) : null;
  } catch (error) {
    await nginx?.close();
    for (const child of started) await stop(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    direct: `http://127.0.0.1:${upstream.port}`,
    proxied: `http://127.0.0.1:${front.port}`,
    proxiedHost: `bench.localhost:${front.port}`,
    pathMode: `http://127.0.0.1:${pathFront.port}/apps/bench`,
    httpProxy: `http://127.0.0.1:${reference.port}/apps/bench`,
    nginx: nginx ? `http://127.0.0.1:${nginx.port}/apps/bench` : null,
    nginxTuned: nginx ? `http://127.0.0.1:${nginx.port}/apps/bench-tuned` : null,
    haproxy: haproxy ? `http://127.0.0.1:${haproxy.port}/apps/bench` : null,
    pids: {
      direct: upstream.child.pid,
      proxied: front.child.pid,
      pathMode: pathFront.child.pid,
      httpProxy: reference.child.pid,
      nginx: nginx?.pid,
      haproxy: haproxy?.pid,
    },
    async close() {
      await haproxy?.close();
      await nginx?.close();
      await stop(reference.child);
      await stop(front.child);
      await stop(pathFront.child);
      await stop(upstream.child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
