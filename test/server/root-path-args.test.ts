// A launcher whose proxy profile names a rootPathArg gets it on its server's command line when Hangar starts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/git-repo';
import { helloAppRepo } from '../helpers/hello-app';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let repo: TempRepo;
let events: EventLog;
beforeAll(async () => {
  server = await startTestServer();
  repo = await helloAppRepo("{ mode: 'path', rootPathArg: '--subpath' }");
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
});

describe('an app whose proxy profile names a rootPathArg', () => {
  it('is started with the flag and its base path after its own arguments', async () => {
    await server.rpc('apps.install', { source: repo.dir });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'installed');
    await server.rpc('apps.start', { name: 'hello-app' });
    const page = await (await fetch(`${server.url}/apps/hello-app/`)).text();
    expect(page).toContain('<p id="args">--subpath /apps/hello-app</p>');
    await server.rpc('apps.stop', { name: 'hello-app' });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'stopped');
  });
});
