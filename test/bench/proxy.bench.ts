// Benchmarks `proxy-1k`, `proxy-1m`, `proxy-latency`: one upstream direct, through Hangar's proxy at the app's own
// origin (the default, routed by Host) and under /apps/<name>/ (path mode), via bare http-proxy, nginx and HAProxy.
import { higherIsBetter, lowerIsBetter, round, type Benchmark, type BenchResult } from './harness';
import { has } from './util/reference-proxies';
import { load, type Load } from './util/load';
import { setupProxies } from './util/proxy-setup';

/** Interleaved rounds: direct, proxied and the references run back to back, so a busy neighbour skews them alike. */
const ROUNDS = Number(process.env.PROXY_BENCH_ROUNDS ?? 3);

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
  const s = await setupProxies();
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
