// Fault drill: a real process prints 200 000 lines while 10 Socket.IO subscribers follow its run on a real server.
// Three of them stop reading their sockets during the flood. Every subscriber ends up with every line in order (the
// slow ones are told they were skipped and catch up from the log file; a raw reader sees only announced gaps), the
// run's log file holds the output byte for byte, memory stays bounded, and the whole log replays from the file.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_BYTES } from '../../lib/client/run-log-follow';
import { waitFor } from '../helpers/processes';
import { startTestServer, type TestServer } from '../helpers/server';
import { connect, tcpOf } from '../helpers/socket-clients';
import { CheckingSink, follow, rawReader } from './log-subscribers';

const LINES = 200_000;
const SUBSCRIBERS = 10;
/** Followers that stop reading once the flood reaches them, until the process has ended. */
const PAUSED = 2;
/** Multi-byte characters too: a read of the growing output may end inside one. */
const PAD = `${'█'.repeat(8)} ${'x'.repeat(96)}`;

// Lines of ~150 bytes in 64 KiB writes: about 30 MB, far more than the server and the kernel queue for one subscriber.
const FLOOD = `const total = Number(process.argv[2]);
let chunk = '';
for (let i = 1; i <= total; i++) {
  chunk += 'line ' + i + ' of the flood ${PAD}\\n';
  if (chunk.length > 65536) { process.stdout.write(chunk); chunk = ''; }
}
process.stdout.write(chunk + 'flood done\\n');
`;

function expectedOutput(): string {
  const lines: string[] = [];
  for (let i = 1; i <= LINES; i++) lines.push(`line ${i} of the flood ${PAD}\r\n`);
  return lines.join('') + 'flood done\r\n';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
});

/** The run's log as the server pages it (`runs.logText`), from the first byte to the end. */
async function replay(runId: string): Promise<{ text: string; pages: number }> {
  let offset = 0;
  let text = '';
  let pages = 0;
  for (;;) {
    const page = await server.rpc('runs.logText', {
      runId,
      offset,
      maxBytes: PAGE_BYTES,
    });
    text += page.text;
    pages += 1;
    offset = page.next;
    if (page.next >= page.size) return { text, pages };
  }
}

describe('a 200 000-line flood with 10 subscribers, three of them stalled', () => {
  it('reaches every subscriber whole and in order, or with an announced skip; the file is exact', async () => {
    const dir = path.join(server.engine.layout.api, 'flood');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'flood.js'), FLOOD);
    await writeFile(
      path.join(dir, 'flood.json'),
      JSON.stringify({
        run: [{ method: 'shell.run', params: { message: `node flood.js ${LINES}` } }],
      }),
    );
    for (let i = 0; i < SUBSCRIBERS; i++) sockets.push(await connect(server.url));

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const started = Date.now();
    const { runId } = await server.engine.runner.start(path.join(dir, 'flood.json'), {
      app: 'flood',
    });

    // Followers 0 and 1 stall at their first flood line; the others keep up.
    const stalled = new Set<number>();
    const sinks = sockets.slice(0, SUBSCRIBERS - 1).map(
      (_, i) =>
        new CheckingSink(LINES, (sink) => {
          if (i < PAUSED && sink.expected > 1 && !stalled.has(i)) {
            stalled.add(i);
            tcpOf(sockets[i]!).pause();
          }
        }),
    );
    const followers = sinks.map((sink, i) => follow(server.url, sockets[i]!, runId, sink));
    // The tenth reads raw live entries and stalls from the start.
    const rawSocket = sockets[SUBSCRIBERS - 1]!;
    const raw = rawReader(rawSocket, runId);
    await raw.subscribe();
    tcpOf(rawSocket).pause();

    await waitFor(
      async () => (await server.rpc('runs.get', { runId })).status === 'finished',
      'the flood to finish',
      120_000,
    );
    const floodMs = Date.now() - started;
    expect(stalled.size).toBe(PAUSED);
    for (const i of stalled) tcpOf(sockets[i]!).resume();
    tcpOf(rawSocket).resume();
    await waitFor(
      () => sinks.every((sink) => sink.done || sink.error),
      'every follower to reach the last line',
      120_000,
    );
    const runLog = (await server.rpc('runs.get', { runId })).logFile;
    await waitFor(
      async () =>
        raw.state.lastSeq === (await server.rpc('runs.logText', { runId, maxBytes: 1024 })).lastSeq,
      'the raw reader to reach the last entry',
      60_000,
    );
    clearInterval(sampler);

    const { text: onDisk, pages } = await replay(runId);
    const expected = expectedOutput();
    const growthMiB = (peakRss - rssBefore) / 1024 / 1024;
    console.log(
      `[log-flood] ${LINES} lines (${(Buffer.byteLength(expected) / 1e6).toFixed(1)} MB) in ${floodMs} ms to ${SUBSCRIBERS} subscribers; ` +
        `skips: ${followers.map((f) => f.skips.length).join(',')} + raw ${raw.state.announced}; ` +
        `stalled followers' live MB: ${sinks
          .slice(0, PAUSED)
          .map((s) => (s.liveChars / 1e6).toFixed(1))
          .join(',')}; replay: ${pages} pages; peak RSS growth ${growthMiB.toFixed(1)} MiB`,
    );
    // The run's log holds the process's output byte for byte (a pty ends lines with \r\n).
    const start = onDisk.indexOf('line 1 of the flood ');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(sha256(onDisk.slice(start, start + expected.length))).toBe(sha256(expected));
    expect(onDisk.slice(start + expected.length)).not.toMatch(/line \d+ of the flood/);
    // …and the replay is the files on disk (the current one and any rotated at 10 MiB), whole.
    let files = '';
    for (const name of [`${runLog}.3`, `${runLog}.2`, `${runLog}.1`, runLog])
      files += await readFile(name, 'utf8').catch(() => '');
    expect(sha256(files)).toBe(sha256(onDisk));

    for (const [i, follower] of followers.entries()) {
      expect(follower.errors, `follower ${i}`).toEqual([]);
      expect(sinks[i]!.error, `follower ${i}`).toBeNull();
      expect(sinks[i]!.expected - 1, `follower ${i}`).toBe(LINES);
      expect(sinks[i]!.digest(), `follower ${i} holds the file`).toBe(sha256(onDisk));
    }
    // The stalled followers were skipped, not queued for: what reached them live (the server's bounded queue, what the
    // kernel buffers, and what came before the stall) is far less than the flood; the rest came from the file.
    for (let i = 0; i < PAUSED; i++) {
      expect(followers[i]!.skips.length, `follower ${i} skips`).toBeGreaterThan(0);
      expect(sinks[i]!.liveChars, `follower ${i} live chars`).toBeLessThan(expected.length / 2);
    }
    expect(raw.state.announced).toBeGreaterThan(0);
    expect(raw.state.silentGaps).toEqual([]);

    // This process holds the server and all 10 clients (each decoding every batch, the stalled ones paging ~25 MB of
    // file afterwards), and V8 collects lazily: a guard against runaway growth only. The server's own bound per
    // subscriber is measured in test/server/run-log-backlog.test.ts.
    expect(growthMiB).toBeLessThan(768);
  }, 300_000);
});
