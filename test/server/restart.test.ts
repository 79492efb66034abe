import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture } from '../helpers/git-repo';
import { alive, waitFor } from '../helpers/processes';
import { writeTestConfig } from '../helpers/port-range';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { fetchApp } from '../helpers/app-origin';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface RunningApp {
  home: string;
  first: ServerProcess;
  started: { port: number; runId: string };
  records: Array<{ pid: number; app: string; daemon?: boolean }>;
}

/** A production server on a fresh home with hello-app installed and started, and the process records it wrote. */
async function serverWithRunningApp(): Promise<RunningApp> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-restart-'));
  await writeTestConfig(home);
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  cleanups.push(() => repo.remove());
  const first = await spawnServer({ home });
  cleanups.push(() => first.stop('SIGKILL'));
  await first.rpc('apps.install', { source: repo.dir });
  await waitFor(
    async () => (await first.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
    'hello-app to be installed',
    30_000,
  );
  const started = await first.rpc('apps.start', {
    name: 'hello-app',
  });
  const records = JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'))
    .processes as RunningApp['records'];
  return { home, first, started, records };
}

describe('a server killed with SIGKILL while an app runs', () => {
  it('leaves the app running; the restarted server adopts it (state, port, route, run and log) and can stop it', async () => {
    const { home, first, started, records } = await serverWithRunningApp();
    const appPids = records.filter((r) => r.app === 'hello-app' && r.daemon).map((r) => r.pid);
    expect(appPids.length).toBe(1);

    const killedAt = Date.now();
    await first.stop('SIGKILL');
    // The app does not depend on the Hangar process: it still answers on its own port.
    expect(await (await fetch(`http://127.0.0.1:${started.port}/`)).text()).toContain(
      'Hello from hello-app',
    );

    const second = await spawnServer({ home });
    cleanups.push(() => second.stop());
    const apps = await second.rpc('apps.list');
    expect(apps).toEqual([
      expect.objectContaining({
        name: 'hello-app',
        state: 'running',
        url: '/apps/hello-app/',
        port: started.port,
        error: null,
      }),
    ]);
    const secondPort = Number(new URL(second.url).port);
    expect(await (await fetchApp(secondPort, 'hello-app', '/')).text()).toContain(
      'Hello from hello-app',
    );
    console.log(JSON.stringify({ drill: 'kill-9-adopt', msToServedAgain: Date.now() - killedAt }));
    for (const pid of appPids)
      expect(alive(pid), `pid ${pid} was adopted, not restarted`).toBe(true);
    // The run is the same one, live again, and its menu still knows the captured URL.
    const run = await second.rpc('runs.get', { runId: started.runId });
    expect(run.status).toBe('running');
    const detail = await second.rpc('apps.get', {
      name: 'hello-app',
    });
    expect(detail.menu.map((m) => m.text)).toContain('Open Web UI');

    await second.rpc('apps.stop', { name: 'hello-app' });
    for (const pid of appPids) await waitFor(() => !alive(pid), `pid ${pid} to end`, 10_000);
    const old = await fetch(`http://127.0.0.1:${started.port}/`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(old).toBe('refused');
    const after = JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'))
      .processes as Array<{ app: string }>;
    expect(after.filter((r) => r.app === 'hello-app')).toHaveLength(0);
  }, 120_000);

  it('an app whose process ended while Hangar was down comes back stopped, saying so, and starts again once', async () => {
    const { home, first, records } = await serverWithRunningApp();
    await first.stop('SIGKILL');
    for (const r of records) process.kill(r.pid, 'SIGKILL');
    for (const r of records) await waitFor(() => !alive(r.pid), `pid ${r.pid} to end`, 10_000);

    const second = await spawnServer({ home });
    cleanups.push(() => second.stop());
    const apps = await second.rpc('apps.list');
    expect(apps).toEqual([
      expect.objectContaining({ name: 'hello-app', state: 'stopped', url: null }),
    ]);
    expect(apps[0].error?.message).toMatch(/restarted/);
    await second.rpc('apps.start', { name: 'hello-app' });
    expect(
      await (await fetchApp(Number(new URL(second.url).port), 'hello-app', '/')).text(),
    ).toContain('Hello from hello-app');
    const after = JSON.parse(await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'))
      .processes as Array<{ app: string; daemon?: boolean }>;
    expect(after.filter((r) => r.app === 'hello-app' && r.daemon)).toHaveLength(1);
    await second.rpc('apps.stop', { name: 'hello-app' });
  }, 120_000);
});
