// FileWriter against a named pipe (a disk that only moves when the test reads): batching and backpressure.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriter, type WriterSource } from '../../../../lib/engine/downloads/wire/file-writer';
import { Slab, SlabReader } from '../../../../lib/http/slab-reader';

const MiB = 1024 * 1024;

function recordingSource(): WriterSource & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    pause: () => events.push('pause'),
    resume: () => events.push('resume'),
    destroy: (error) => events.push(`destroy ${error.message}`),
  };
}

function hasMkfifo(): boolean {
  return spawnSync('sh', ['-c', 'command -v mkfifo']).status === 0;
}

describe('FileWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pauses its source once 8 MiB wait for the disk and resumes it when a write completes', async (context) => {
    if (!hasMkfifo()) {
      console.warn('skipped: no mkfifo to make a disk that waits');
      context.skip();
    }
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const source = recordingSource();
    // Both ends open together (each open waits for the other); nothing is read until the test says so.
    const [reader, writer] = await Promise.all([
      open(fifo, 'r'),
      FileWriter.open(fifo, false, source),
    ]);
    try {
      const body = randomBytes(12 * MiB);
      let pushed = 0;
      while (!source.events.includes('pause') && pushed < body.length) {
        writer.push(body.subarray(pushed, pushed + 64 * 1024), null);
        pushed += 64 * 1024;
      }
      expect(pushed).toBe(8 * MiB);
      writer.push(body.subarray(pushed), null);
      const closed = writer.close();
      const received = await reader.readFile();
      await closed;
      expect(received.equals(body)).toBe(true);
      expect(source.events).toEqual(['pause', 'resume']);
    } finally {
      await reader.close();
    }
  });

  it('writes slices that sit side by side in a slab, and frees the slab for reuse only after the write', async () => {
    const reader = new SlabReader({ slabSize: 4 << 20, maxRead: 1 << 20 });
    try {
      const file = path.join(dir, 'out.bin');
      const writer = await FileWriter.open(file, false, recordingSource());
      const first = reader.region();
      first.fill(1, 0, 1000);
      const slab: Slab = reader.landed(1000);
      writer.push(first.subarray(0, 1000), slab);
      const second = reader.region();
      expect(second.byteOffset).toBe(first.byteOffset + 1000);
      second.fill(2, 0, 500);
      writer.push(second.subarray(0, 500), reader.landed(500));
      expect(slab.held).toBe(true);
      await writer.close();
      expect(slab.held).toBe(false);
      const written = await readFile(file);
      expect(written.length).toBe(1500);
      expect(
        written.subarray(0, 1000).every((b) => b === 1) &&
          written.subarray(1000).every((b) => b === 2),
      ).toBe(true);
      // Nothing holds the slab any more: the next read starts again at its front.
      expect(reader.region().byteOffset).toBe(first.byteOffset);
    } finally {
      reader.close();
    }
  });

  it('appends to what is already in the file', async () => {
    const file = path.join(dir, 'part');
    const head = await FileWriter.open(file, false, recordingSource());
    head.push(Buffer.from('abc'), null);
    await head.close();
    const tail = await FileWriter.open(file, true, recordingSource());
    tail.push(Buffer.from('def'), null);
    await tail.close();
    expect(await readFile(file, 'utf8')).toBe('abcdef');
  });
});
