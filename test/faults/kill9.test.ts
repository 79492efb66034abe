// Fault drills: kill -9 of a production Hangar during an install (whose step leaves setsid and nohup grandchildren)
// and with two apps running. The next Hangar stops what the install left, adopts the apps, and says what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { alive, underHome, waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { started } from '../helpers/rpc';
import { fetchApp } from '../helpers/app-origin';
import { expectDrillInvariants, expectStatesMatchProcesses, ownedBy } from './invariants';

const SLOW_INSTALL = JSON.stringify({
  run: [
    {
      method: 'shell.run',
      params: {
        message:
          "if [ ! -e cut-once ]; then touch cut-once; setsid sleep 600 & nohup sleep 600 >/dev/null 2>&1 & echo 'helpers started'; sleep 600; fi; echo 'install done'",
        path: 'app',
      },
    },
  ],
});

let home: string;
let slow: TempRepo;
let app: TempRepo;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-kill9-'));
  await writeTestConfig(home);
  slow = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(slow.dir, 'install.json'), SLOW_INSTALL);
  slow.commit('an install that leaves detached helpers');
  app = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
});
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  for (const p of await ownedBy(home)) process.kill(p.pid, 'SIGKILL');
  await slow?.remove();
  await app?.remove();
  await rm(home, { recursive: true, force: true });
});

async function boot(): Promise<ServerProcess> {
  const server = await spawnServer({ home });
  servers.push(server);
  return server;
}

describe('kill -9 of Hangar', () => {
  it('during an install: the next start stops the install’s processes, detached ones too, marks it install-failed, and a reinstall ends installed', async () => {
    const first = await boot();
    await first.rpc('apps.install', { source: slow.dir, name: 'slow' });
    await waitFor(
      async () => (await ownedBy(home)).length >= 4,
      'the install and its helpers',
      30_000,
    );
    const killedAt = Date.now();
    await first.stop('SIGKILL');
    const killedCount = (await ownedBy(home)).length;
    expect(killedCount).toBeGreaterThanOrEqual(3);
    // Found by working folder too, so a child that lost the owner marker would still be seen.
    const cut = await underHome(home);
    expect(cut.length).toBeGreaterThanOrEqual(3);

    const second = await boot();
    await waitFor(
      async () => (await ownedBy(home)).length === 0,
      'no process of the cut install',
      15_000,
    );
    const restartedMs = Date.now() - killedAt;
    for (const pid of cut) expect(alive(pid), `pid ${pid} of the cut install`).toBe(false);
    const detail = await second.rpc('apps.get', { name: 'slow' });
    expect(detail.state).toBe('install-failed');
    expect(detail.error?.message).toMatch(/restarted during install/);
    await expectStatesMatchProcesses(second.url, home);

    // Installing again runs the install (no app_exists) and ends installed.
    const again = started(await second.rpc('apps.install', { source: slow.dir, name: 'slow' }));
    expect(again).toMatchObject({ name: 'slow', runId: expect.any(String) });
    await waitFor(
      async () => (await second.rpc('apps.get', { name: 'slow' })).state !== 'installing',
      'the second install',
      30_000,
    );
    const installed = await second.rpc('apps.get', { name: 'slow' });
    expect(installed).toMatchObject({ state: 'installed', error: null });
    const log = await second.rpc('runs.logs', { runId: again.runId });
    expect(log.entries!.map((e: { data: string }) => e.data).join('')).toContain('install done');
    console.log(
      JSON.stringify({
        drill: 'kill-9-install',
        killed: killedCount,
        msToCleanRestart: restartedMs,
      }),
    );
    await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
  }, 120_000);

  it('with two apps running: both keep serving, the next Hangar adopts both, and stopping them leaves nothing', async () => {
    const first = await boot();
    for (const name of ['one', 'two']) await first.rpc('apps.install', { source: app.dir, name });
    for (const name of ['one', 'two'])
      await waitFor(
        async () => (await first.rpc('apps.get', { name })).state === 'installed',
        `${name} installed`,
        30_000,
      );
    const ports: Record<string, number> = {};
    for (const name of ['one', 'two']) ports[name] = (await first.rpc('apps.start', { name })).port;
    const killedAt = Date.now();
    await first.stop('SIGKILL');

    const second = await boot();
    const port = Number(new URL(second.url).port);
    for (const name of ['one', 'two']) {
      const detail = await second.rpc('apps.get', { name });
      expect(detail).toMatchObject({ state: 'running', port: ports[name], url: `/apps/${name}/` });
      expect(await (await fetchApp(port, name, '/')).text()).toContain('Hello from hello-app');
    }
    console.log(
      JSON.stringify({ drill: 'kill-9-two-apps', msToBothServedAgain: Date.now() - killedAt }),
    );
    for (const name of ['one', 'two']) await second.rpc('apps.stop', { name });
    await expectDrillInvariants({ home, url: second.url });
    const records = JSON.parse(
      await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'),
    ).processes;
    expect(records).toEqual([]);
    await expectDrillInvariants({ home, afterStop: () => second.stop() });
  }, 120_000);
});
