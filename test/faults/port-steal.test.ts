// Fault drill: another program answers on the port an app printed (the app lost the race to bind it). Hangar does
// not take that server for the app: it sees the listener is not in the app's process tree, says so in the log, and
// starts the app once more on another port, where the proxy then serves the app itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { fetchApp } from '../helpers/app-origin';
import { waitFor } from '../helpers/processes';

// First start: prints the URL of a port held by someone else and never binds. Later starts: a real server.
const RACY = `const http = require('node:http');
const fs = require('node:fs');
if (!fs.existsSync('tried')) {
  fs.writeFileSync('tried', '1');
  console.log('Running on http://127.0.0.1:' + process.env.FOREIGN_PORT);
  setInterval(() => undefined, 60000);
} else {
  const server = http.createServer((req, res) => res.end('the real app'));
  server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('Running on http://127.0.0.1:' + server.address().port));
}
`;

let server: TestServer;
let repo: TempRepo;
let foreign: http.Server;
let foreignPort = 0;

beforeAll(async () => {
  foreign = http.createServer((req, res) => res.end('a foreign server'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
  foreignPort = (foreign.address() as { port: number }).port;
  process.env.FOREIGN_PORT = String(foreignPort);
  server = await startTestServer();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(repo.dir, 'app/server.js'), RACY);
  repo.commit('a server that loses the race for its port once');
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await repo?.remove();
  delete process.env.FOREIGN_PORT;
  await new Promise((resolve) => foreign.close(resolve));
});

describe('a foreign server answering on the app’s port', () => {
  it('is never taken for the app: one more start on another port, said in the log', async () => {
    await server.rpc('apps.install', { source: repo.dir });
    await waitFor(
      async () => (await server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
      'the install',
      30_000,
    );
    const started = await server.rpc('apps.start', {
      name: 'hello-app',
    });
    expect(started.port).not.toBe(foreignPort);
    expect(await (await fetchApp(server.port, 'hello-app', '/')).text()).toBe('the real app');
    const runs = await server.rpc('runs.list', {
      name: 'hello-app',
    });
    const first = runs.find((r) => r.runId !== started.runId && r.script.endsWith('start.json'))!;
    const log = await server.rpc('runs.logs', {
      runId: first.runId,
    });
    const text = log.entries.map((e) => e.data).join('');
    expect(text).toContain('taken by another program');
    await server.rpc('apps.stop', { name: 'hello-app' });
  }, 90_000);
});
