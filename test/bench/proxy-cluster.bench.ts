// Benchmarks `proxy-cluster-1k`, `proxy-cluster-1m`: an app placed on a Slurm node (its own network namespace)
// through Hangar's proxy at the app's own origin, against the same load straight to `<node addr>:<port>`.
import { higherIsBetter, round, type Benchmark, type BenchResult } from './harness';
import { clusterUnavailable, setupCluster } from './util/cluster-setup';
import { load, type Load } from './util/load';
import { has } from './util/reference-proxies';

/** Interleaved rounds, as proxy.bench.ts: direct and proxied back to back, so a busy neighbour skews them alike. */
const ROUNDS = Number(process.env.PROXY_BENCH_ROUNDS ?? 3);

interface Round {
  direct: Load;
  proxied: Load;
}

function throughput(bench: string, path: string, connections: number): Benchmark {
  return {
    name: bench,
    async run(): Promise<BenchResult | null> {
      const unavailable = clusterUnavailable();
      if (unavailable) {
        console.error(
          `${bench}: skipped, this machine cannot start a Slurm test cluster (${unavailable})`,
        );
        return null;
      }
      const s = await setupCluster();
      try {
        const proxiedTarget = { url: `${s.proxied}${path}`, host: s.proxiedHost };
        // Warm both paths (JIT, pooled connections) before measuring.
        await load({ url: `${s.direct}${path}` }, connections).catch(() => null);
        await load(proxiedTarget, connections).catch(() => null);
        const rounds: Round[] = [];
        for (let i = 0; i < ROUNDS; i += 1) {
          const direct = await load({ url: `${s.direct}${path}` }, connections);
          const proxied = await load(proxiedTarget, connections, s.serverPid);
          rounds.push({ direct, proxied });
        }
        const ratio = (r: Round): number => r.proxied.rps / r.direct.rps;
        const { direct, proxied } = [...rounds].sort((a, b) => ratio(a) - ratio(b))[
          Math.floor(rounds.length / 2)
        ]!;
        return higherIsBetter(bench, 'req/s', proxied.rps, direct.rps, {
          connections,
          roundRatios: rounds.map((r) => round(ratio(r))),
          cpuUsPerRequest: { ours: proxied.cpuUs },
          node: s.node,
          tool: has('wrk') ? 'wrk' : 'autocannon',
        });
      } finally {
        await s.close();
      }
    },
  };
}

export const benchmarks: Benchmark[] = [
  throughput('proxy-cluster-1k', '/1k', 50),
  throughput('proxy-cluster-1m', '/1m', 10),
];
