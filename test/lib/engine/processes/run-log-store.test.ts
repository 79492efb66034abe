// RunLogStore: one log per run under <home>/logs/runs, bounded number of runs in memory.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homeLayout } from '../../../../lib/engine/home';
import { RunLogStore } from '../../../../lib/engine/processes/run-log-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-logstore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RunLogStore', () => {
  it('keeps one log per run, writes it under logs/runs, and forgets the oldest runs beyond the limit', async () => {
    const home = homeLayout(dir);
    const store = new RunLogStore(home, undefined, { maxRuns: 2 });
    store.get('a').append('from a\n');
    store.get('b').append('from b\n');
    expect(store.get('a')).toBe(store.get('a'));
    store.get('c').append('from c\n');
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([false, true, true]);
    expect(store.get('b').since(0).chunks.map((c) => c.data)).toEqual(['from b\n']);
    await store.dispose();
    expect(await readFile(path.join(home.logs, 'runs', 'a.log'), 'utf8')).toBe('from a\n');
    expect(await readFile(path.join(home.logs, 'runs', 'c.log'), 'utf8')).toBe('from c\n');
  });
});
