// Run logs: numbered chunks, replay from a sequence number, bounded memory, size-rotated files.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { LogRing, stripAnsi } from '../../../../lib/engine/processes/log-ring';
import { RunLog } from '../../../../lib/engine/processes/run-log';
import type { RunLogEvent } from '../../../../lib/shared/events';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LogRing', () => {
  it('replays chunks after a given sequence number and says when older ones were dropped', () => {
    const ring = new LogRing({ maxChars: 10 });
    for (const word of ['aaaa', 'bbbb', 'cccc', 'dddd']) ring.push(word);
    const all = ring.since(0);
    expect(all.chunks.map((c) => c.data)).toEqual(['cccc', 'dddd']);
    expect(all.truncated).toBe(true);
    expect(ring.since(3)).toEqual({
      chunks: [expect.objectContaining({ seq: 4, data: 'dddd' })],
      truncated: false,
    });
  });

  it('gives the last lines without terminal escapes', () => {
    const ring = new LogRing();
    ring.push('one\r\n\x1b[31mtwo\x1b[0m\r\nthree\r\n');
    expect(ring.lastLines(2)).toEqual(['two', 'three']);
    expect(stripAnsi('\x1b]0;title\x07ok\x1b[2K')).toBe('ok');
  });

  it('gives a progress bar redrawn thousands of times as one line, reading back past its redraws', () => {
    const ring = new LogRing();
    ring.push('Collecting torch\r\n');
    for (let i = 0; i <= 2000; i++)
      ring.push(`\r\x1b[2K\x1b[32m${i}/2000 MB\x1b[0m eta 0:00:0${i % 10}`);
    ring.push('\r\n\u280b\x1b[1G\x1b[0K\r\nERROR: no space left\r\n');
    expect(ring.lastLines(5)).toEqual([
      'Collecting torch',
      '2000/2000 MB eta 0:00:00',
      'ERROR: no space left',
    ]);
  });
});

describe('RunLog', () => {
  it('batches writes into ordered run:log events, a replayable ring and a file', async () => {
    const bus = new EventBus();
    const events: RunLogEvent[] = [];
    bus.on('run:log', (e) => events.push(e));
    const log = new RunLog({ runId: 'run/1', dir, bus });
    for (let i = 0; i < 1000; i += 1) log.append(`line ${i}\n`);
    await new Promise((r) => setImmediate(r));
    expect(events.length).toBeLessThan(5);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const text = events.map((e) => e.data).join('');
    expect(text.split('\n').slice(0, -1)).toEqual(
      Array.from({ length: 1000 }, (_, i) => `line ${i}`),
    );
    expect(log.since(events.at(-1)!.seq).chunks).toEqual([]);
    await log.close();
    expect(await readFile(path.join(dir, 'run_1.log'), 'utf8')).toBe(text);
  });

  it('rotates the file by size and keeps a bounded number of old files', async () => {
    const log = new RunLog({ runId: 'r', dir, maxBytes: 1000, keep: 2, batchChars: 100 });
    for (let i = 0; i < 100; i += 1) log.append(`${String(i).padStart(99, '.')}\n`);
    await log.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['r.log', 'r.log.1', 'r.log.2']);
    const current = await readFile(path.join(dir, 'r.log'), 'utf8');
    expect(current.length).toBeLessThanOrEqual(1000);
    expect(current.trimEnd().endsWith('99')).toBe(true);
  });
});
