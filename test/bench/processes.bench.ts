// Benchmark `log-fanout`: 200 000 lines from a real process in one run of the engine, through the Socket.IO bridge, to 10 subscribers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Server as IOServer } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { Engine } from '../../lib/engine';
import { followRunLogWith, type RunLogSink } from '../../lib/client/run-log-follow';
import {
  RUN_LOG_SKIPPED_EVENT,
  type RunLogEntry,
  type RunLogSkipped,
  type RunLogText,
} from '../../lib/shared/run';
import { attachRunLogs } from '../../server/sockets/run-logs';
import { higherIsBetter, round, type Benchmark, type BenchResult } from './harness';

const LINES = Number(process.env.LOG_FANOUT_LINES ?? 200_000);
const CLIENTS = Number(process.env.LOG_FANOUT_CLIENTS ?? 10);
/** The floor: 200 000 lines/s with 10 subscribers. */
const TARGET = 200_000;

/** A subscriber's sink that checks the numbers arrive exactly as "1\n2\n…N\n" (a pty's \r\n allowed) without keeping them. */
class CheckingSink implements RunLogSink {
  offset = 0;
  lastSeq = 0;
  expected = 1;
  error: string | null = null;
  private carry = '';

  constructor(private readonly onProgress: () => void) {}

  addText(page: RunLogText): void {
    if (page.offset !== this.offset)
      this.error ??= `page at ${page.offset}, expected ${this.offset}`;
    this.offset = page.next;
    this.feed(page.text);
    if (page.next >= page.size) this.lastSeq = Math.max(this.lastSeq, page.lastSeq);
  }

  add(entries: RunLogEntry[]): number {
    let taken = 0;
    for (const entry of entries) {
      if (entry.seq <= this.lastSeq) continue;
      this.lastSeq = entry.seq;
      this.offset += Buffer.byteLength(entry.data);
      this.feed(entry.data);
      taken++;
    }
    return taken;
  }

  get done(): boolean {
    return this.expected > LINES;
  }

  // Walks the text by index (no per-line strings): the check should cost far less than what it measures.
  private feed(data: string): void {
    const text = this.carry + data;
    let at = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      this.check(text, at, nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      at = nl + 1;
    }
    this.carry = text.slice(at);
    this.onProgress();
  }

  /** One line, text[from, to): the shell step's own lines (the command it runs) frame the output. */
  private check(text: string, from: number, to: number): void {
    if (this.error || this.done || to === from) return;
    let value = 0;
    for (let i = from; i < to; i += 1) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return;
      value = value * 10 + digit;
    }
    if (value !== this.expected)
      this.error = `expected line ${this.expected}, got ${JSON.stringify(text.slice(from, Math.min(to, from + 40)))}`;
    this.expected += 1;
  }
}

async function fanout(): Promise<BenchResult> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fanout-'));
  const engine = await Engine.create({ home, version: 'bench' });
  const http = createServer();
  const io = new IOServer(http, { path: '/_hangar/socket.io' });
  const detach = attachRunLogs(io, engine);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [];
  const stops: Array<() => void> = [];
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
    for (let i = 0; i < CLIENTS; i += 1) {
      const socket = connect(url, {
        path: '/_hangar/socket.io',
        transports: ['websocket'],
        forceNew: true,
      });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      clients.push(socket);
    }
    let allDone!: () => void;
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    const sinks: CheckingSink[] = [];
    const errors: string[] = [];
    let skips = 0;
    const t0 = process.hrtime.bigint();
    // Throughput counts from the first line the process printed; getting there (script load, spawn) is reported apart.
    let firstLine: bigint | null = null;
    const offFirst = engine.bus.on('run:log', (e) => {
      if (firstLine === null && /^\d/m.test(e.data)) firstLine = process.hrtime.bigint();
    });
    const { runId } = await engine.runner.start(path.join(dir, 'flood.json'), { app: 'bench' });
    // Each subscriber follows the run the way the browser does: the file by byte offset, then live entries by seq.
    for (const socket of clients) {
      const sink = new CheckingSink(() => {
        if (sinks.length === CLIENTS && sinks.every((s) => s.done || s.error)) allDone();
      });
      sinks.push(sink);
      stops.push(
        followRunLogWith(
          {
            readText: async (id, offset, maxBytes) =>
              engine.runner.logText(id, { offset, maxBytes }),
            subscribe: (id, sinceSeq) =>
              socket.timeout(10_000).emitWithAck('run:subscribe', { runId: id, sinceSeq }),
            unsubscribe: (id) => void socket.emit('run:unsubscribe', { runId: id }),
            onLog: (listener) => (
              socket.on('run:log', listener),
              () => void socket.off('run:log', listener)
            ),
            onSkipped: (listener) => {
              const counted = (event: RunLogSkipped) => {
                skips += 1;
                listener(event);
              };
              socket.on(RUN_LOG_SKIPPED_EVENT, counted);
              return () => void socket.off(RUN_LOG_SKIPPED_EVENT, counted);
            },
            onConnect: (listener) => (listener(), () => undefined),
          },
          runId,
          sink,
          (message) => errors.push(message),
        ),
      );
    }
    await Promise.race([
      finished,
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`not every subscriber got ${LINES} lines within 120 s`)),
          120_000,
        ).unref(),
      ),
    ]);
    const end = process.hrtime.bigint();
    offFirst();
    const seconds = Number(end - (firstLine ?? t0)) / 1e9;
    const failed = [...errors, ...sinks.map((s) => s.error).filter((e): e is string => e !== null)];
    if (failed.length > 0) throw new Error(`lines lost or reordered: ${failed[0]}`);
    const ours = LINES / seconds;
    return higherIsBetter('log-fanout', 'lines/s', ours, TARGET, {
      lines: LINES,
      subscribers: CLIENTS,
      seconds: round(seconds),
      skips,
      startMs: round(Number((firstLine ?? t0) - t0) / 1e6),
      verified:
        'every subscriber got every line once, in order (log file pages, then live entries)',
      peakRssGrowthMiB: round((peakRss - rssBefore) / 1024 / 1024),
      baselineIs: 'the issue target: 200000 lines/s with 10 subscribers',
    });
  } finally {
    clearInterval(sampler);
    for (const stop of stops) stop();
    for (const c of clients) c.disconnect();
    detach();
    await io.close();
    await engine.dispose();
    await rm(home, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [{ name: 'log-fanout', run: fanout }];
