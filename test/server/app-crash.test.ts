import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { fetchApp } from '../helpers/app-origin';

let server: TestServer;
let repo: TempRepo;
let events: EventLog;
beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
});

describe('an app whose server dies on its own', () => {
  it('is seen within a second: state leaves running, the URL is cleared and the proxy says so', async () => {
    await server.rpc('apps.install', { source: repo.dir });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'installed');
    const { runId } = await server.rpc('apps.start', { name: 'hello-app' });
    const records = JSON.parse(
      await readFile(path.join(server.home, 'cache/state/processes.json'), 'utf8'),
    ).processes as Array<{ pid: number; app: string }>;
    const record = records.find((r) => r.app === 'hello-app');
    expect(record).toBeDefined();
    const killedAt = Date.now();
    process.kill(-record!.pid, 'SIGKILL');
    const status = await events.waitFor(
      'app:status',
      (e) => e.name === 'hello-app' && (e.state === 'failed' || e.state === 'stopped'),
      5000,
    );
    expect(Date.now() - killedAt).toBeLessThan(1500);
    expect(['failed', 'stopped']).toContain(status.state);
    expect(status.url).toBeNull();
    const app = await server.rpc('apps.get', { name: 'hello-app' });
    expect(app.url).toBeNull();
    expect((await fetchApp(server.port, 'hello-app', `/`)).status).toBe(502);
    const run = await server.rpc('runs.get', { runId });
    expect(run.status).toBe('crashed');
    expect(run.error?.message).toMatch(/killed by signal 9/);
    expect(run.error?.lastLines?.join('\n')).toContain('Hello app listening');
  });

  it('comes back by itself with the on-failure restart policy, on a new process', async () => {
    const configured = await server.rpc('apps.configure', {
      name: 'hello-app',
      restart: 'on-failure',
    });
    expect(configured).toMatchObject({ restart: 'on-failure' });
    await server.rpc('apps.start', { name: 'hello-app' });
    const before = events.events.length;
    const records = JSON.parse(
      await readFile(path.join(server.home, 'cache/state/processes.json'), 'utf8'),
    ).processes as Array<{ pid: number; app: string }>;
    const first = records.find((r) => r.app === 'hello-app')!;
    process.kill(-first.pid, 'SIGKILL');
    const indexOf = (payload: unknown) => events.events.findIndex((x) => x.payload === payload);
    const failed = await events.waitFor(
      'app:status',
      (e) => e.name === 'hello-app' && e.state === 'failed' && indexOf(e) >= before,
      5000,
    );
    const back = await events.waitFor(
      'app:status',
      (e) => e.name === 'hello-app' && e.state === 'running' && indexOf(e) > indexOf(failed),
      15_000,
    );
    expect(back.url).toBe('/apps/hello-app/');
    expect(await (await fetchApp(server.port, 'hello-app', `/`)).text()).toContain(
      'Hello from hello-app',
    );
    const after = JSON.parse(
      await readFile(path.join(server.home, 'cache/state/processes.json'), 'utf8'),
    ).processes as Array<{ pid: number; app: string }>;
    expect(after.filter((r) => r.app === 'hello-app').map((r) => r.pid)).not.toContain(first.pid);
    await server.rpc('apps.stop', { name: 'hello-app' });
  });
});
