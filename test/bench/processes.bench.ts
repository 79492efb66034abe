// Benchmark `log-fanout`: 200 000 lines from a real process in one run of the engine, through the Socket.IO bridge, to
// 10 subscribers. The subscribers live in a process of their own (as browsers do), so the server's CPU and memory
// are measured apart from theirs.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Server as IOServer } from 'socket.io';
import { Engine } from '../../lib/engine';
import { attachRunLogs } from '../../server/sockets/run-logs';
import { higherIsBetter, round, type Benchmark, type BenchResult } from './harness';

const LINES = Number(process.env.LOG_FANOUT_LINES ?? 200_000);
const CLIENTS = Number(process.env.LOG_FANOUT_CLIENTS ?? 10);
/** The floor: 200 000 lines/s with 10 subscribers. */
const TARGET = 200_000;
const SUBSCRIBERS = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  'util/log-subscribers.ts',
);

interface SubscribersDone {
  done: true;
  failed: string[];
  skips: number;
  peakRssMiB: number;
}

/** `runs.logText` over plain HTTP, for the subscribers' process. */
function logTextRoute(engine: Engine) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://bench').searchParams;
    try {
      const page = engine.runner.logText(query.get('runId') ?? '', {
        offset: Number(query.get('offset')),
        maxBytes: Number(query.get('maxBytes')),
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(page));
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  };
}

async function fanout(): Promise<BenchResult> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fanout-'));
  const engine = await Engine.create({ home, version: 'bench' });
  const http = createServer(logTextRoute(engine));
  const io = new IOServer(http, { path: '/_hangar/socket.io' });
  const detach = attachRunLogs(io, engine);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', SUBSCRIBERS, url, String(CLIENTS), String(LINES)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const said = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the subscribers did not answer within 120 s`)),
        120_000,
      ).unref();
      said.once('line', (line) => (clearTimeout(timer), resolve(JSON.parse(line))));
    });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const dir = path.join(engine.layout.api, 'bench');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'flood.json'),
      JSON.stringify({ run: [{ method: 'shell.run', params: { message: `seq 1 ${LINES}` } }] }),
    );
    await next();
    const t0 = process.hrtime.bigint();
    // Throughput counts from the first line the process printed; getting there (script load, spawn) is reported apart.
    let firstLine: bigint | null = null;
    let lastLine: bigint | null = null;
    const last = `\n${LINES}\r\n`;
    const offFirst = engine.bus.on('run:log', (e) => {
      if (firstLine === null && /^\d/m.test(e.data)) firstLine = process.hrtime.bigint();
      if (lastLine === null && e.data.includes(last)) lastLine = process.hrtime.bigint();
    });
    const done = next();
    const { runId } = await engine.runner.start(path.join(dir, 'flood.json'), { app: 'bench' });
    child.stdin!.write(`${runId}\n`);
    const result = (await done) as unknown as SubscribersDone;
    const end = process.hrtime.bigint();
    offFirst();
    const seconds = Number(end - (firstLine ?? t0)) / 1e9;
    if (result.failed.length > 0) throw new Error(`lines lost or reordered: ${result.failed[0]}`);
    return higherIsBetter('log-fanout', 'lines/s', LINES / seconds, TARGET, {
      lines: LINES,
      subscribers: CLIENTS,
      seconds: round(seconds),
      // From the first line to the last one committed by the engine: what the process and the pty allow.
      engineSeconds: lastLine === null ? null : round(Number(lastLine - (firstLine ?? t0)) / 1e9),
      skips: result.skips,
      startMs: round(Number((firstLine ?? t0) - t0) / 1e6),
      verified:
        'every subscriber got every line once, in order (log file pages, then live entries)',
      peakRssGrowthMiB: round((peakRss - rssBefore) / 1024 / 1024),
      subscribersPeakRssMiB: result.peakRssMiB,
      baselineIs: 'the issue target: 200000 lines/s with 10 subscribers',
    });
  } finally {
    clearInterval(sampler);
    child.kill();
    detach();
    await io.close();
    await engine.dispose();
    await rm(home, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [{ name: 'log-fanout', run: fanout }];
