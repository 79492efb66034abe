// Runs are recorded beside their logs: a new runner on the same home lists and reads them, and old ones are pruned by count and size.
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import type { LogLimits } from '../../../../lib/engine/script/run-history';
import { ScriptRunner } from '../../../../lib/engine/script/runs';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function makeHome(): Promise<{
  home: HomeLayout;
  script: (name: string, steps: unknown[]) => Promise<string>;
}> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hangar-history-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const { layout: home } = await ensureHome(root);
  const dir = path.join(home.api, 'demo');
  await mkdir(dir, { recursive: true });
  return {
    home,
    async script(name, steps) {
      const file = path.join(dir, name);
      await writeFile(file, JSON.stringify({ run: steps }));
      return file;
    },
  };
}

function runner(
  home: HomeLayout,
  limits: LogLimits = { keepRuns: 50, maxBytes: 500 * 1024 * 1024 },
): ScriptRunner {
  const r = new ScriptRunner({ home, bus: new EventBus(), logLimits: () => limits });
  r.init();
  cleanups.push(() => r.dispose());
  return r;
}

/** Run ids that still have a log file on disk. */
async function logsOnDisk(home: HomeLayout): Promise<string[]> {
  return (await readdir(path.join(home.logs, 'runs')))
    .filter((n) => n.endsWith('.log'))
    .map((n) => n.slice(0, -4))
    .sort();
}

async function finishedRun(r: ScriptRunner, file: string): Promise<string> {
  const { runId, done } = await r.start(file);
  expect((await done).status).toBe('finished');
  return runId;
}

describe('run history on disk', () => {
  it('lists the runs of an earlier runner with their app, script and status, and reads their whole log', async () => {
    const { home, script } = await makeHome();
    const first = runner(home);
    const file = await script('say.json', [
      { method: 'log', params: { text: `${'x'.repeat(3000)}\nthe end\n` } },
    ]);
    const runId = await finishedRun(first, file);
    const waiting = await first.start(
      await script('wait.json', [{ method: 'input', params: { title: 'wait' } }]),
    );
    await first.dispose();

    const second = runner(home);
    const runs = second.list({ app: 'demo' });
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      [runId, 'finished'],
      [waiting.runId, 'stopped'],
    ]);
    expect(second.get(runId)).toMatchObject({ app: 'demo', script: file, status: 'finished' });
    const first1k = second.logText(runId, { maxBytes: 1024 });
    expect(first1k).toMatchObject({ offset: 0, next: 1024, start: 0, lastSeq: 1 });
    const rest = second.logText(runId, { offset: first1k.next });
    expect(first1k.text + rest.text).toContain(`${'x'.repeat(3000)}\nthe end\n`);
    expect(rest.next).toBe(rest.size);
    expect(
      second
        .logs(runId)
        .entries.map((e) => e.data)
        .join(''),
    ).toContain('the end');
  });

  it('keeps the newest runs per app and every running one when pruning by count', async () => {
    const { home, script } = await makeHome();
    const r = runner(home, { keepRuns: 2, maxBytes: 500 * 1024 * 1024 });
    const live = await r.start(
      await script('wait.json', [{ method: 'input', params: { title: 'wait' } }]),
    );
    const file = await script('say.json', [{ method: 'log', params: { text: 'hello\n' } }]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await finishedRun(r, file));
    expect(await logsOnDisk(home)).toEqual([live.runId, ids[2], ids[3]].sort());
    expect(r.list({ app: 'demo' }).map((x) => x.runId)).toEqual([live.runId, ids[2], ids[3]]);
    expect(() => r.get(ids[0]!)).toThrow(expect.objectContaining({ code: 'run_not_found' }));
  });

  it('removes the oldest finished runs until the logs fit in maxBytes, never a running one, also at start', async () => {
    const { home, script } = await makeHome();
    const r = runner(home, { keepRuns: 50, maxBytes: 25_000 });
    const live = await r.start(
      await script('wait.json', [
        { method: 'log', params: { text: `${'w'.repeat(9_000)}\n` } },
        { method: 'input', params: { title: 'wait' } },
      ]),
    );
    const file = await script('say.json', [
      { method: 'log', params: { text: `${'y'.repeat(7_000)}\n` } },
    ]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await finishedRun(r, file));
    // 9 kB running + 2 × 7 kB newest = 23 kB ≤ 25 kB; a third finished one would not fit.
    expect(await logsOnDisk(home)).toEqual([live.runId, ids[2], ids[3]].sort());

    await r.stop(live.runId);
    const smaller = runner(home, { keepRuns: 50, maxBytes: 8_000 });
    expect(await logsOnDisk(home)).toEqual([ids[3]]);
    expect(smaller.list().map((x) => x.runId)).toEqual([ids[3]]);
  });
});
