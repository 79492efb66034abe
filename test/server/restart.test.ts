import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture } from '../helpers/git-repo';
import { alive, waitFor } from '../helpers/processes';
import { rpcCall } from '../helpers/rpc';
import { writeTestConfig } from '../helpers/port-range';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { fetchApp } from '../helpers/app-origin';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const rpc = <T>(server: ServerProcess, method: string, params: Record<string, unknown> = {}): Promise<T> => rpcCall<T>(server.url, method, params);


describe('a server killed with SIGKILL while an app runs', () => {
  it('comes back telling the truth: the app is stopped, its processes are gone, and it starts again once', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-restart-'));
    await writeTestConfig(home);
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
    cleanups.push(() => repo.remove());

    const first = await spawnServer({ home });
    cleanups.push(() => first.stop('SIGKILL'));
    await rpc(first, 'apps.install', { source: repo.dir });
    await waitFor(async () => (await rpc<any>(first, 'apps.get', { name: 'hello-app' })).state === 'installed', 'hello-app to be installed', 30_000);
    const started = await rpc<{ port: number }>(first, 'apps.start', { name: 'hello-app' });
    const records = JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8')).processes as Array<{ pid: number; app: string }>;
    const appPids = records.filter((r) => r.app === 'hello-app').map((r) => r.pid);
    expect(appPids.length).toBeGreaterThan(0);

    await first.stop('SIGKILL');

    const second = await spawnServer({ home });
    cleanups.push(() => second.stop());
    const apps = await rpc<Array<{ name: string; state: string; url: string | null; error: { message: string } | null }>>(second, 'apps.list');
    expect(apps).toEqual([expect.objectContaining({ name: 'hello-app', state: 'stopped', url: null })]);
    expect(apps[0].error?.message).toMatch(/restarted/);
    for (const pid of appPids) expect(alive(pid), `pid ${pid} survived`).toBe(false);
    const old = await fetch(`http://127.0.0.1:${started.port}/`).then(() => 'answered', () => 'refused');
    expect(old).toBe('refused');

    const again = await rpc<{ url: string; port: number }>(second, 'apps.start', { name: 'hello-app' });
    expect(await (await fetchApp(Number(new URL(second.url).port), 'hello-app', '/')).text()).toContain('Hello from hello-app');
    const after = JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8')).processes as Array<{ app: string }>;
    expect(after.filter((r) => r.app === 'hello-app')).toHaveLength(1);
    await rpc(second, 'apps.stop', { name: 'hello-app' });
  }, 120_000);
});
