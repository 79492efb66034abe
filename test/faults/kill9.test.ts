// Fault drills: kill -9 of a production Hangar during an install (whose step leaves setsid and nohup grandchildren)
// and with two apps running. The next Hangar stops what the install left, adopts the apps, and says what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { underHome, waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { rpcCall } from '../helpers/rpc';
import { fetchApp } from '../helpers/app-origin';

const SLOW_INSTALL = JSON.stringify({
  run: [
    {
      method: 'shell.run',
      params: {
        message:
          "setsid sleep 600 & nohup sleep 600 >/dev/null 2>&1 & echo 'helpers started'; sleep 600",
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
  for (const pid of await underHome(home)) process.kill(pid, 'SIGKILL');
  await slow?.remove();
  await app?.remove();
  await rm(home, { recursive: true, force: true });
});

const rpc = <M extends MethodName>(
  server: ServerProcess,
  method: M,
  ...params: ParamsArgs<M>
): Promise<Result<M>> => rpcCall(server.url, method, ...params);

async function boot(): Promise<ServerProcess> {
  const server = await spawnServer({ home });
  servers.push(server);
  return server;
}

describe('kill -9 of Hangar', () => {
  it('during an install: the next start stops the install’s processes, detached ones too, and says the install was cut', async () => {
    const first = await boot();
    await rpc(first, 'apps.install', { source: slow.dir, name: 'slow' });
    await waitFor(
      async () => (await underHome(home)).length >= 4,
      'the install and its helpers',
      30_000,
    );
    await first.stop('SIGKILL');
    expect((await underHome(home)).length).toBeGreaterThanOrEqual(3);

    const second = await boot();
    await waitFor(
      async () => (await underHome(home)).length === 0,
      'no process of the cut install',
      15_000,
    );
    const detail = await rpc(second, 'apps.get', { name: 'slow' });
    expect(detail.state).not.toBe('installing');
    expect(detail.error?.message).toMatch(/restarted during install/);
    await second.stop();
  }, 120_000);

  it('with two apps running: both keep serving, the next Hangar adopts both, and stopping them leaves nothing', async () => {
    const first = await boot();
    for (const name of ['one', 'two']) await rpc(first, 'apps.install', { source: app.dir, name });
    for (const name of ['one', 'two'])
      await waitFor(
        async () => (await rpc(first, 'apps.get', { name })).state === 'installed',
        `${name} installed`,
        30_000,
      );
    const ports: Record<string, number> = {};
    for (const name of ['one', 'two'])
      ports[name] = (await rpc(first, 'apps.start', { name })).port;
    const killedAt = Date.now();
    await first.stop('SIGKILL');

    const second = await boot();
    const port = Number(new URL(second.url).port);
    for (const name of ['one', 'two']) {
      const detail = await rpc(second, 'apps.get', { name });
      expect(detail).toMatchObject({ state: 'running', port: ports[name], url: `/apps/${name}/` });
      expect(await (await fetchApp(port, name, '/')).text()).toContain('Hello from hello-app');
    }
    console.log(
      JSON.stringify({ drill: 'kill-9-two-apps', msToBothServedAgain: Date.now() - killedAt }),
    );
    for (const name of ['one', 'two']) await rpc(second, 'apps.stop', { name });
    await waitFor(
      async () => (await underHome(home)).length === 0,
      'no process left after the stops',
      15_000,
    );
    const records = JSON.parse(
      await readFile(path.join(home, 'cache/state/processes.json'), 'utf8'),
    ).processes;
    expect(records).toEqual([]);
    await second.stop();
  }, 120_000);
});
