// Tree kill: SIGTERM then SIGKILL, reaching grandchildren that left the process group.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectTree, killTree } from '../../../../lib/engine/processes/kill-tree';
import { parseStat } from '../../../../lib/engine/processes/proc-table';
import { spawnProcess, type SpawnedProcess } from '../../../../lib/engine/processes/spawn';
import { descendants, marked, waitFor } from '../../../helpers/processes';

const started: SpawnedProcess[] = [];
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

function start(script: string, pty = true): SpawnedProcess {
  const proc = spawnProcess({ file: 'bash', args: ['-c', script], cwd: process.cwd(), env, pty });
  started.push(proc);
  return proc;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop({ graceMs: 200 })));
  expect(await descendants()).toEqual([]);
});

describe('killTree', () => {
  it('parses stat lines whose command name holds spaces and parentheses', () => {
    const info = parseStat(
      '42 (a (b) c) S 7 42 42 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0',
    );
    expect(info).toMatchObject({
      pid: 42,
      ppid: 7,
      pgid: 42,
      sid: 42,
      state: 'S',
      startTime: 12345,
    });
  });

  it('stops a grandchild that moved to its own session and was reparented away from the tree', async () => {
    const proc = start('(setsid sleep 300 &) ; echo spawned; sleep 300');
    let out = '';
    proc.onData((d) => (out += d));
    await waitFor(() => out.includes('spawned'), 'the grandchild to start');
    await waitFor(async () => (await marked([proc.token])).length >= 2, 'both sleeps');
    const members = await collectTree({
      pid: proc.pid,
      pgid: proc.pid,
      sid: proc.pid,
      marker: proc.marker,
    });
    const setsidSleep = members.find((m) => m.sid !== proc.pid);
    expect(setsidSleep, 'the setsid grandchild is found by its marker').toBeDefined();
    const result = await proc.stop({ graceMs: 2000 });
    expect(result.terminated.length).toBeGreaterThanOrEqual(2);
    expect(result.forced).toEqual([]);
    expect(await marked([proc.token])).toEqual([]);
  });

  it('uses SIGKILL after the grace period when the tree ignores SIGTERM', async () => {
    const proc = start(`trap '' TERM; echo armed; while :; do sleep 0.05; done`, false);
    let out = '';
    proc.onData((d) => (out += d));
    await waitFor(() => out.includes('armed'), 'the trap to be set');
    const t0 = Date.now();
    const result = await killTree(
      { pid: proc.pid, pgid: proc.pid, marker: proc.marker },
      { graceMs: 300 },
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(result.forced).toContain(proc.pid);
    const exit = await proc.exited;
    expect(exit.signal).toBe(9);
    expect(await marked([proc.token])).toEqual([]);
  });

  it('gives a kept command its whole grace: the keeper is not asked to stop before its command', async () => {
    const keepIn = await mkdtemp(path.join(os.tmpdir(), 'hangar-keep-'));
    const proc = spawnProcess({
      file: 'bash',
      args: ['-c', `trap '' TERM; echo armed; while :; do sleep 0.05; done`],
      cwd: process.cwd(),
      env,
      keepIn,
    });
    started.push(proc);
    let out = '';
    proc.onData((d) => (out += d));
    await waitFor(() => out.includes('armed'), 'the trap to be set');
    const t0 = Date.now();
    const result = await proc.stop({ graceMs: 3500 });
    // util-linux script hangs up its command 2 s after its own SIGTERM: the grace must not end there.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3500);
    expect(result.forced.length).toBeGreaterThan(0);
    expect(await marked([proc.token])).toEqual([]);
    await rm(keepIn, { recursive: true, force: true });
  });

  it('ends quickly when the tree honours SIGTERM', async () => {
    const proc = start('sleep 300');
    await waitFor(async () => (await marked([proc.token])).length >= 1, 'sleep to start');
    const t0 = Date.now();
    const result = await proc.stop({ graceMs: 5000 });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(result.forced).toEqual([]);
  });
});
