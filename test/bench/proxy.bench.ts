// Benchmarks `proxy-1k`, `proxy-1m`, `proxy-latency`: one upstream direct, through Hangar's proxy at the app's own
// origin (the default, routed by Host) and under /apps/<name>/ (path mode), via bare http-proxy, nginx and HAProxy.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { higherIsBetter, lowerIsBetter, round, type Benchmark, type BenchResult } from './harness';
import { has, startHaproxy, startNginx, stop, type ReferenceProxy } from './util/reference-proxies';

const root = path.resolve(__dirname, '../..');
const SECONDS = Number(process.env.PROXY_BENCH_SECONDS ?? 3);
/** Interleaved rounds: direct, proxied and the references run back to back, so a busy neighbour skews them alike. */
const ROUNDS = Number(process.env.PROXY_BENCH_ROUNDS ?? 3);
const exec = promisify(execFile);

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number };
}>;
// autocannon ships no types; only this fallback uses it.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

interface Load {
  rps: number;
  p50us: number;
  /** CPU time of the serving process per request (robust when neighbours load the machine), or null. */
  cpuUs: number | null;
}

/** utime + stime of a process in µs, from /proc (clock ticks are 10 ms on Linux). */
function cpuMicros(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    // No /proc (not Linux): report throughput only.
    return null;
  }
}

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

function parseWrk(out: string): Omit<Load, 'cpuUs'> & { requests: number } {
  // A proxy that answers 404 or 502 quickly must not pass for a fast one.
  if (/Non-2xx or 3xx responses|Socket errors/.test(out))
    throw new Error(`failed requests under load: ${out}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(out);
  const scale = p50?.[2] === 's' ? 1e6 : p50?.[2] === 'ms' ? 1000 : 1;
  if (!Number.isFinite(rps) || !p50) throw new Error(`cannot read wrk output: ${out}`);
  return { rps, p50us: Number(p50[1]) * scale, requests };
}

/** A URL to load, with the Host header to send when it is not the URL's own (an app origin on 127.0.0.1). */
interface Target {
  url: string;
  host?: string;
}

/** One load run: wrk (1 thread) when installed, else autocannon; `pid` is the serving process to charge CPU to. */
async function load(target: Target, connections: number, pid?: number): Promise<Load> {
  const { url, host } = target;
  const before = cpuMicros(pid);
  let run: Omit<Load, 'cpuUs'> & { requests: number };
  if (has('wrk')) {
    const { stdout } = await exec(
      'wrk',
      [
        '-t1',
        `-c${connections}`,
        `-d${SECONDS}s`,
        '--latency',
        ...(host ? ['-H', `Host: ${host}`] : []),
        url,
      ],
      { maxBuffer: 1 << 20 },
    );
    run = parseWrk(stdout);
  } else {
    const result = await autocannon({
      url,
      connections,
      duration: SECONDS,
      ...(host ? { headers: { host } } : {}),
    });
    run = {
      rps: result.requests.average,
      p50us: result.latency.p50 * 1000,
      requests: result.requests.total,
    };
  }
  const after = cpuMicros(pid);
  const cpuUs =
    before === null || after === null || run.requests === 0
      ? null
      : round((after - before) / run.requests);
  return { rps: run.rps, p50us: run.p50us, cpuUs };
}

interface Setup {
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

async function setup(): Promise<Setup> {
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

interface Round {
  direct: Load;
  proxied: Load;
  pathMode: Load;
  httpProxy: Load;
  nginx: Load | null;
  nginxTuned: Load | null;
  haproxy: Load | null;
}

/** Runs ROUNDS interleaved rounds and returns the one whose `score` is the median. */
async function compare(
  path: string,
  connections: number,
  score: (round: Round) => number,
  tunedNginx = false,
): Promise<Round & { scores: number[] }> {
  const s = await setup();
  try {
    // Warm both paths (JIT, pooled connections) before measuring.
    const proxiedTarget = { url: `${s.proxied}${path}`, host: s.proxiedHost };
    await load(proxiedTarget, connections).catch(() => null);
    await load({ url: `${s.pathMode}${path}` }, connections).catch(() => null);
    await load({ url: `${s.httpProxy}${path}` }, connections).catch(() => null);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const direct = await load({ url: `${s.direct}${path}` }, connections, s.pids.direct);
      const proxied = await load(proxiedTarget, connections, s.pids.proxied);
      const pathMode = await load({ url: `${s.pathMode}${path}` }, connections, s.pids.pathMode);
      const httpProxy = await load({ url: `${s.httpProxy}${path}` }, connections, s.pids.httpProxy);
      const nginx = s.nginx
        ? await load({ url: `${s.nginx}${path}` }, connections, s.pids.nginx)
        : null;
      const nginxTuned =
        tunedNginx && s.nginxTuned
          ? await load({ url: `${s.nginxTuned}${path}` }, connections, s.pids.nginx)
          : null;
      const haproxy = s.haproxy
        ? await load({ url: `${s.haproxy}${path}` }, connections, s.pids.haproxy)
        : null;
      rounds.push({ direct, proxied, pathMode, httpProxy, nginx, nginxTuned, haproxy });
    }
    const sorted = [...rounds].sort((a, b) => score(a) - score(b));
    return {
      ...sorted[Math.floor(sorted.length / 2)]!,
      scores: rounds.map((r) => round(score(r))),
    };
  } finally {
    await s.close();
  }
}

function throughput(
  bench: string,
  path: string,
  connections: number,
  tunedNginx = false,
): Benchmark {
  return {
    name: bench,
    async run(): Promise<BenchResult> {
      const { direct, proxied, pathMode, httpProxy, nginx, nginxTuned, haproxy, scores } =
        await compare(path, connections, (r) => r.proxied.rps / r.direct.rps, tunedNginx);
      return higherIsBetter(bench, 'req/s', proxied.rps, direct.rps, {
        connections,
        roundRatios: scores,
        pathMode: round(pathMode.rps),
        pathModeRatio: round(pathMode.rps / direct.rps),
        cpuUsPerRequest: {
          direct: direct.cpuUs,
          ours: proxied.cpuUs,
          pathMode: pathMode.cpuUs,
          httpProxy: httpProxy.cpuUs,
          nginx: nginx?.cpuUs ?? null,
          haproxy: haproxy?.cpuUs ?? null,
        },
        tool: has('wrk') ? 'wrk' : 'autocannon',
        target: 0.5,
        httpProxy: round(httpProxy.rps),
        httpProxyRatio: round(httpProxy.rps / direct.rps),
        nginx: nginx ? round(nginx.rps) : null,
        nginxRatio: nginx ? round(nginx.rps / direct.rps) : null,
        ...(nginxTuned
          ? {
              nginxTuned256k: round(nginxTuned.rps),
              nginxTuned256kRatio: round(nginxTuned.rps / direct.rps),
            }
          : {}),
        haproxySplice: haproxy ? round(haproxy.rps) : null,
        haproxySpliceRatio: haproxy ? round(haproxy.rps / direct.rps) : null,
      });
    },
  };
}

export const benchmarks: Benchmark[] = [
  throughput('proxy-1k', '/1k', 50),
  throughput('proxy-1m', '/1m', 10, true),
  {
    name: 'proxy-latency',
    async run(): Promise<BenchResult> {
      const { direct, proxied, pathMode, httpProxy, nginx, haproxy, scores } = await compare(
        '/1k',
        1,
        (r) => r.proxied.p50us - r.direct.p50us,
      );
      return lowerIsBetter('proxy-latency', 'µs p50', proxied.p50us, direct.p50us, {
        addedUs: round(proxied.p50us - direct.p50us),
        pathModeAddedUs: round(pathMode.p50us - direct.p50us),
        roundAddedUs: scores,
        targetAddedUs: 60,
        httpProxyAddedUs: round(httpProxy.p50us - direct.p50us),
        nginxUs: nginx ? round(nginx.p50us) : null,
        nginxAddedUs: nginx ? round(nginx.p50us - direct.p50us) : null,
        haproxyAddedUs: haproxy ? round(haproxy.p50us - direct.p50us) : null,
      });
    },
  },
];
