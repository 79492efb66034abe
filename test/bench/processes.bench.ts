// Benchmark `log-fanout`: 1 000 000 numbered lines from a real process, through the run log, to 10 socket.io subscribers.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Server as IOServer } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { EventBus } from '../../lib/engine/events';
import { RunLog } from '../../lib/engine/processes/run-log';
import { spawnProcess } from '../../lib/engine/processes/spawn';
import type { RunLogEvent } from '../../lib/shared/events';
import { higherIsBetter, round, type Benchmark, type BenchResult } from './harness';

const LINES = Number(process.env.LOG_FANOUT_LINES ?? 1_000_000);
const CLIENTS = 10;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** Checks that the stream is exactly "1\n2\n…N\n" (a pty turns \n into \r\n). */
class LineChecker {
  expected = 1;
  private carry = '';
  error: string | null = null;

  feed(data: string): void {
    const parts = (this.carry + data).split('\n');
    this.carry = parts.pop()!;
    for (const raw of parts) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (this.error) return;
      if (line !== String(this.expected)) this.error = `expected line ${this.expected}, got ${JSON.stringify(line.slice(0, 40))}`;
      this.expected += 1;
    }
  }

  get done(): boolean {
    return this.expected > LINES;
  }
}

function baselineLinesPerSec(): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', `seq 1 ${LINES} > /dev/null`]);
  if (r.status !== 0) throw new Error('seq failed');
  return LINES / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function fanout(): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-fanout-'));
  const bus = new EventBus();
  const http = createServer();
  const io = new IOServer(http, { path: '/_hangar/socket.io' });
  io.on('connection', (socket) => socket.on('run:subscribe', ({ runId }: { runId: string }, ack: () => void) => {
    void socket.join(`run:${runId}`);
    ack();
  }));
  bus.on('run:log', (e: RunLogEvent) => io.to(`run:${e.runId}`).emit('run:log', e));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [];
  const checkers: LineChecker[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const runId = 'bench-run';
    let allDone!: () => void;
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    for (let i = 0; i < CLIENTS; i += 1) {
      const socket = connect(url, { path: '/_hangar/socket.io', transports: ['websocket'], forceNew: true });
      const checker = new LineChecker();
      let lastSeq = 0;
      socket.on('run:log', (e: RunLogEvent) => {
        if (e.seq !== lastSeq + 1) checker.error ??= `seq jumped from ${lastSeq} to ${e.seq}`;
        lastSeq = e.seq;
        checker.feed(e.data);
        if (checkers.every((c) => c.done || c.error)) allDone();
      });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      await new Promise<void>((resolve) => socket.emit('run:subscribe', { runId }, resolve));
      clients.push(socket);
      checkers.push(checker);
    }
    const log = new RunLog({ runId, dir, bus });
    const t0 = process.hrtime.bigint();
    const proc = spawnProcess({ file: 'bash', args: [`seq 1 ${LINES}`], drain: true, cwd: dir, env });
    proc.onData((d) => log.append(d));
    await proc.exited;
    log.flush();
    await finished;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await log.close();
    const errors = checkers.map((c) => c.error).filter(Boolean);
    if (errors.length > 0) throw new Error(`lines lost or reordered: ${errors[0]}`);
    const ours = LINES / seconds;
    return higherIsBetter('log-fanout', 'lines/s', ours, baselineLinesPerSec(), {
      lines: LINES,
      subscribers: CLIENTS,
      seconds: round(seconds),
      verified: 'every subscriber got every line once, in order',
      peakRssMiB: round(peakRss / 1024 / 1024),
      target: '>= 200000 lines/s',
      baselineIs: 'seq writing to /dev/null',
    });
  } finally {
    clearInterval(sampler);
    for (const c of clients) c.disconnect();
    await new Promise((r) => io.close(() => r(undefined)));
    await rm(dir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [{ name: 'log-fanout', run: fanout }];
