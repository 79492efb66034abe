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
  repo = await helloAppRepo("{ mode: 'port' }");
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
});

describe('an app whose proxy profile says mode: port', () => {
  it('gets its own origin while it runs: /apps/<name>/ redirects there and it serves the app at its root', async () => {
    await server.rpc('apps.install', { source: repo.dir });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'installed');
    await server.rpc('apps.start', { name: 'hello-app' });
    let location: string | null = null;
    for (let i = 0; i < 50 && !location; i += 1) {
      const res = await fetch(`${server.url}/apps/hello-app/`, { redirect: 'manual' });
      if (res.status === 302) location = res.headers.get('location');
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(Number(new URL(location!).port)).not.toBe(server.port);
    const page = await (await fetch(location!)).text();
    expect(page).toContain('Hello from hello-app');
    expect(page).toContain('<p id="path">/</p>');
    await server.rpc('apps.stop', { name: 'hello-app' });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'stopped');
    const after = await fetch(location!).then(
      () => 'answered',
      () => 'refused',
    );
    expect(after).toBe('refused');
  });
});
