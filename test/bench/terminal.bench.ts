// Benchmark `terminal-echo`: keystroke → echo round trip through socket.io and the TerminalManager (p50, p99).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { spawn as spawnPty } from 'node-pty';
import { Server as IOServer } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { EventBus } from '../../lib/engine/events';
import { TerminalManager } from '../../lib/engine/terminals/terminal-manager';
import { lowerIsBetter, round, type Benchmark, type BenchResult } from './harness';
import { closeIo } from '../helpers/close-io';

const ROUNDS = Number(process.env.TERMINAL_ECHO_ROUNDS ?? 500);
const WARMUP = 20;
const shell = { file: 'bash', args: ['--noprofile', '--norc', '-i'] };
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  PS1: '$ ',
  HOME: os.tmpdir(),
  TERM: 'xterm-256color',
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sends one printable key at a time and waits for its echo; returns round-trip times in ms. */
async function measure(
  send: (key: string) => void,
  onData: (listener: (data: string) => void) => void,
): Promise<number[]> {
  let waiting: { key: string; resolve: () => void } | null = null;
  onData((data) => {
    if (waiting && data.includes(waiting.key)) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  });
  const times: number[] = [];
  const keys = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < ROUNDS + WARMUP; i += 1) {
    const key = keys[i % keys.length]!;
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo of ${key}`)), 5000);
      waiting = { key, resolve: () => (clearTimeout(timer), resolve()) };
      send(key);
    });
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    // Keep the line short: erase the typed key again (and wait for that echo too).
    if (i % 20 === 19) {
      await new Promise<void>((resolve) => {
        waiting = { key: '\r', resolve };
        send('\x15\r');
      });
    }
  }
  return times.sort((a, b) => a - b);
}

/** Baseline: the same shell in node-pty, keystrokes written directly (no socket, no manager). */
async function direct(): Promise<number[]> {
  const pty = spawnPty(shell.file, shell.args, { cwd: os.tmpdir(), env, cols: 100, rows: 30 });
  try {
    await new Promise((r) => setTimeout(r, 200));
    return await measure(
      (k) => pty.write(k),
      (l) => pty.onData(l),
    );
  } finally {
    pty.kill('SIGKILL');
  }
}

async function overSocket(): Promise<number[]> {
  const bus = new EventBus();
  const terminals = new TerminalManager({ bus, shell, env });
  const http = createServer();
  const io = new IOServer(http, { path: '/_hangar/socket.io' });
  io.on('connection', (socket) => {
    socket.on('terminal:attach', ({ id }: { id: string }, ack: () => void) => {
      void socket.join(`t:${id}`);
      ack();
    });
    socket.on('terminal:input', ({ id, data }: { id: string; data: string }) =>
      terminals.write(id, data),
    );
  });
  bus.on('terminal:data', (e) => io.to(`t:${e.id}`).emit('terminal:data', e));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
    path: '/_hangar/socket.io',
    transports: ['websocket'],
  });
  try {
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const { id } = terminals.open({ cwd: os.tmpdir(), cols: 100, rows: 30 });
    await new Promise<void>((resolve) => client.emit('terminal:attach', { id }, resolve));
    await new Promise((r) => setTimeout(r, 200));
    return await measure(
      (k) => client.emit('terminal:input', { id, data: k }),
      (l) => client.on('terminal:data', (e: { data: string }) => l(e.data)),
    );
  } finally {
    client.disconnect();
    await terminals.dispose();
    await closeIo(io);
  }
}

async function terminalEcho(): Promise<BenchResult> {
  const baseline = await direct();
  const ours = await overSocket();
  return lowerIsBetter(
    'terminal-echo',
    'ms (p50)',
    percentile(ours, 50),
    percentile(baseline, 50),
    {
      p99: round(percentile(ours, 99)),
      baselineP99: round(percentile(baseline, 99)),
      rounds: ROUNDS,
      target: 'p50 <= 10 ms',
      baselineIs: 'same shell in node-pty, written directly',
    },
  );
}

export const benchmarks: Benchmark[] = [{ name: 'terminal-echo', run: terminalEcho }];
