// A run's whole log survives: a late reader gets all 200 000 lines of a flood in order (pages + live), and runs stay readable after a restart.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { followRunLogWith, type RunLogTransport } from '../../lib/client/run-log-follow';
import { RunLogStore } from '../../lib/client/run-log-store';
import { stripAnsi } from '../../lib/engine/processes/log-ring';
import { RUN_LOG_SKIPPED_EVENT } from '../../lib/shared/run';
import { repoFromFixture } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { waitFor } from '../helpers/processes';
import { rpcCall, started } from '../helpers/rpc';
import { repoRoot, startTestServer, type TestServer } from '../helpers/server';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const floodFixture = path.join(repoRoot, 'test/e2e/fixtures/flood-app');

/** Installs the flood app and answers its question: its install run prints `lines` numbered lines, then "flood done". */
async function flood(server: TestServer, lines: number): Promise<string> {
  const repo = await repoFromFixture(floodFixture);
  cleanups.push(() => repo.remove());
  const { runId } = started(await server.rpc('apps.install', { source: repo.dir }));
  await waitFor(
    async () => (await server.rpc('runs.get', { runId })).status === 'waiting',
    'the flood to ask for its size',
    20_000,
  );
  await server.rpc('runs.respond', { runId, response: { lines: String(lines) } });
  return runId;
}

/** Follows a run the way the browser does (the same code), over a real socket and the real API. */
function follow(
  url: string,
  runId: string,
): { store: RunLogStore; errors: string[]; close(): void } {
  const socket = io(url, { path: '/_hangar/socket.io', transports: ['websocket'] });
  const transport: RunLogTransport = {
    readText: (id, offset, maxBytes) =>
      rpcCall(url, 'runs.logText', { runId: id, offset, maxBytes }),
    subscribe: (id, sinceSeq) =>
      socket.timeout(10_000).emitWithAck('run:subscribe', { runId: id, sinceSeq }),
    unsubscribe: (id) => void socket.emit('run:unsubscribe', { runId: id }),
    onLog: (listener) => {
      socket.on('run:log', listener);
      return () => void socket.off('run:log', listener);
    },
    onSkipped: (listener) => {
      socket.on(RUN_LOG_SKIPPED_EVENT, listener);
      return () => void socket.off(RUN_LOG_SKIPPED_EVENT, listener);
    },
    onConnect: (listener) => {
      socket.on('connect', listener);
      return () => void socket.off('connect', listener);
    },
  };
  const store = new RunLogStore(1_000_000);
  const errors: string[] = [];
  const stop = followRunLogWith(transport, runId, store, (message) => errors.push(message));
  return { store, errors, close: () => (stop(), socket.close()) };
}

function text(store: RunLogStore): string {
  return Array.from({ length: store.lineCount }, (_, i) => store.line(i)).join('\n');
}

/** The flood's lines as numbers, in the order the reader holds them. */
function floodNumbers(store: RunLogStore): number[] {
  const numbers: number[] = [];
  for (let i = 0; i < store.lineCount; i++) {
    const match = /^line (\d+) of the flood/.exec(stripAnsi(store.line(i)));
    if (match) numbers.push(Number(match[1]));
  }
  return numbers;
}

/** Null when equal, else a short view of where they part (a diff of megabytes would take minutes). */
function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `at ${i} of ${actual.length}/${expected.length}: ${JSON.stringify(actual.slice(Math.max(0, i - 40), i + 40))} vs ${JSON.stringify(expected.slice(Math.max(0, i - 40), i + 40))}`;
}

function hangar(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'server/bin/hangar.mjs'), ...args],
      { cwd: repoRoot, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('a 200 000-line flood', () => {
  it('reaches a reader who joins during the flood and one who comes after it, whole and in order', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const lines = 200_000;
    const runId = await flood(server, lines);
    await waitFor(
      async () => (await server.rpc('runs.logText', { runId, maxBytes: 1024 })).size > 2_000_000,
      'the flood to be under way',
      30_000,
    );
    const during = follow(server.url, runId);
    cleanups.push(async () => during.close());
    await waitFor(
      async () => (await server.rpc('runs.get', { runId })).status === 'finished',
      'the flood to finish',
      60_000,
    );
    await waitFor(
      () =>
        /flood done/.test(during.store.line(during.store.lineCount - 1)) ||
        /flood done/.test(during.store.line(during.store.lineCount - 2)),
      'the live reader to get the last line',
      30_000,
    );
    const after = follow(server.url, runId);
    cleanups.push(async () => after.close());
    await waitFor(
      () => text(after.store).endsWith('flood done'),
      'the late reader to get the last line',
      30_000,
    );

    const expected = Array.from({ length: lines }, (_, i) => i + 1);
    for (const reader of [during, after]) {
      expect(reader.errors).toEqual([]);
      const numbers = floodNumbers(reader.store);
      expect(numbers.length).toBe(lines);
      expect(firstDifference(numbers.join(','), expected.join(','))).toBeNull();
      expect(text(reader.store).match(/flood done/g)).toHaveLength(1);
    }
    // Both hold exactly what the run wrote to its log files (the current one and the one rotated away at 10 MiB); the reader ends lines at \n as a pty’s \r\n.
    const dir = path.join(server.home, 'logs/runs');
    const onDisk =
      (await readFile(path.join(dir, `${runId}.log.1`), 'utf8')) +
      (await readFile(path.join(dir, `${runId}.log`), 'utf8'));
    expect(
      firstDifference(text(during.store), onDisk.replace(/\r\n/g, '\n').replace(/\n$/, '')),
    ).toBeNull();
    expect(firstDifference(text(after.store), text(during.store))).toBeNull();
  }, 180_000);
});

describe('a Hangar restart', () => {
  it('keeps earlier runs listed and readable: hangar logs <app> prints the old run', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-logs-restart-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    await writeTestConfig(home);
    const first = await startTestServer({ home });
    const runId = await flood(first, 3000);
    await waitFor(
      async () => (await first.rpc('runs.get', { runId })).status === 'finished',
      'the install to finish',
      30_000,
    );
    await first.stop();

    const second = await startTestServer({ home });
    cleanups.push(() => second.stop());
    const runs = await second.rpc('runs.list', { name: 'flood-app' });
    expect(runs).toEqual([
      expect.objectContaining({ runId, status: 'finished', app: 'flood-app' }),
    ]);
    const result = await hangar('logs', 'flood-app', '--url', second.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = stripAnsi(result.stdout);
    expect(printed).toContain('line 1 of the flood');
    expect(printed).toContain('line 3000 of the flood');
    expect(printed.trimEnd().endsWith('flood done')).toBe(true);
  }, 90_000);
});
