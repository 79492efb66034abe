// RunLog keeps a ring bounded by characters with increasing seq numbers and says when a reader fell behind; StepQueues serialise.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunLog } from '../../../../lib/engine/script/run-log';
import { StepQueues } from '../../../../lib/engine/script/step-queue';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('RunLog', () => {
  it('drops the oldest entries beyond capacity and flags readers that missed some', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-log-'));
    dirs.push(dir);
    const log = new RunLog(dir, 'r1', { ringChars: 9 });
    for (let i = 1; i <= 5; i++) {
      log.append(`l${i}\n`);
      log.flush();
    }
    const behind = log.page({ sinceSeq: 0 });
    expect(behind.entries.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(behind.truncated).toBe(true);
    const current = log.page({ sinceSeq: 3 });
    expect(current.entries.map((e) => e.data)).toEqual(['l4\n', 'l5\n']);
    expect(current.truncated).toBe(false);
    expect(log.page({ sinceSeq: 5 })).toEqual({ entries: [], lastSeq: 5, truncated: false });
    expect(log.tail(2)).toEqual(['l4', 'l5']);
    await log.close();
    expect(await readFile(path.join(dir, 'runs', 'r1.log'), 'utf8')).toBe('l1\nl2\nl3\nl4\nl5\n');
  });
});

describe('StepQueues', () => {
  it('runs tasks of one key in order, even when one fails, and other keys independently', async () => {
    const queues = new StepQueues();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = queues.run('a', async () => {
      await gate;
      order.push('a1');
      throw new Error('a1 failed');
    });
    const a2 = queues.run('a', async () => order.push('a2'));
    await queues.run('b', async () => order.push('b1'));
    release();
    await expect(a1).rejects.toThrow('a1 failed');
    await a2;
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });
});
