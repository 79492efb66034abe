// HTTP load for the proxy benchmarks: wrk (one thread) when installed, else autocannon, with the serving process's CPU
// time per request.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { round } from '../harness';
import { has } from './reference-proxies';

/** Seconds each load run lasts. */
const SECONDS = Number(process.env.PROXY_BENCH_SECONDS ?? 3);
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

export interface Load {
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
export interface Target {
  url: string;
  host?: string;
}

/** One load run: wrk (1 thread) when installed, else autocannon; `pid` is the serving process to charge CPU to. */
export async function load(target: Target, connections: number, pid?: number): Promise<Load> {
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
