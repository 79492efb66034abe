// A real Hangar with an app on a virtual display: killed, restarted, stopped. No Xvfb is ever left without an owner.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayAppRepo, xvfbsOf } from '../helpers/display-app';
import { alive, waitFor } from '../helpers/processes';
import { rpcCall } from '../helpers/rpc';
import { writeTestConfig } from '../helpers/port-range';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A production server on a fresh home with the display app installed and started. */
async function serverWithDisplayApp(): Promise<{ home: string; first: ServerProcess }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-display-'));
  await writeTestConfig(home);
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const repo = await displayAppRepo();
  cleanups.push(() => repo.remove());
  const first = await spawnServer({ home });
  cleanups.push(() => first.stop('SIGKILL'));
  await rpcCall(first.url, 'apps.install', { source: repo.dir, name: 'painter' });
  await waitFor(
    async () => (await rpcCall(first.url, 'apps.get', { name: 'painter' })).state === 'installed',
    'the install',
    30_000,
  );
  await rpcCall(first.url, 'apps.start', { name: 'painter' });
  return { home, first };
}

const serverPids = async (home: string) =>
  (
    JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'))
      .processes as Array<{ id: string; pid: number; daemon?: boolean }>
  )
    .filter((r) => r.daemon && !r.id.includes(':display:'))
    .map((r) => r.pid);

describe('a virtual display across Hangar restarts', () => {
  it('outlives a killed Hangar with its app, is adopted by the next one and stops with the app', async () => {
    const { home, first } = await serverWithDisplayApp();
    const [xvfb] = await xvfbsOf(home);
    expect(xvfb).toBeDefined();
    const before = await rpcCall(first.url, 'apps.displays', { name: 'painter' });
    expect(before.displays).toHaveLength(1);
    await first.stop('SIGKILL');
    expect(alive(xvfb!)).toBe(true);

    const second = await spawnServer({ home });
    cleanups.push(() => second.stop());
    expect(await xvfbsOf(home)).toEqual([xvfb]);
    const after = await rpcCall(second.url, 'apps.displays', { name: 'painter' });
    expect(after.displays).toEqual(before.displays);
    await rpcCall(second.url, 'apps.stop', { name: 'painter' });
    await waitFor(async () => (await xvfbsOf(home)).length === 0, 'the Xvfb to stop', 10_000);
  }, 120_000);

  it('is stopped by the next Hangar when its app ended while Hangar was down', async () => {
    const { home, first } = await serverWithDisplayApp();
    const [xvfb] = await xvfbsOf(home);
    const servers = await serverPids(home);
    expect(servers).toHaveLength(1);
    await first.stop('SIGKILL');
    for (const pid of servers) process.kill(pid, 'SIGKILL');
    await waitFor(() => servers.every((pid) => !alive(pid)), 'the app server to end', 10_000);
    expect(alive(xvfb!)).toBe(true);

    const second = await spawnServer({ home });
    cleanups.push(() => second.stop());
    await waitFor(async () => (await xvfbsOf(home)).length === 0, 'the Xvfb to stop', 10_000);
  }, 120_000);

  it('stops with the apps when Hangar shuts down gracefully', async () => {
    const { home, first } = await serverWithDisplayApp();
    expect(await xvfbsOf(home)).toHaveLength(1);
    expect(await first.stop()).toBe(0);
    expect(await xvfbsOf(home)).toEqual([]);
  }, 120_000);
});
