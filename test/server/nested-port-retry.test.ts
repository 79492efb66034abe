// The port retry of an app whose start script serves through a nested script.start: the nested run dies of
// EADDRINUSE on a port another program holds, the start script fails with that run's output, and Hangar starts the
// app once more on another port, where it runs.
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchApp } from '../helpers/app-origin';
import type { TempRepo } from '../helpers/git-repo';
import { helloAppRepo } from '../helpers/hello-app';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

// First start: binds the port the foreign server holds, as a launcher with a fixed port would, and dies of
// EADDRINUSE. Later starts: a real server on the port Hangar gives it.
const clash = (foreignPort: number) => `const http = require('node:http');
const fs = require('node:fs');
const first = !fs.existsSync('tried');
fs.writeFileSync('tried', '1');
const server = http.createServer((req, res) => res.end('served after the retry'));
server.listen(first ? ${foreignPort} : Number(process.argv[2]), '127.0.0.1', () =>
  console.log('Running on http://127.0.0.1:' + server.address().port),
);
`;

const START = {
  daemon: true,
  run: [
    { method: 'script.start', params: { uri: 'serve.json' } },
    { method: 'local.set', params: { url: '{{input.url}}' } },
  ],
};

const SERVE = {
  daemon: true,
  run: [
    {
      method: 'shell.run',
      params: {
        message: 'node server.js {{port}}',
        path: 'app',
        on: [{ event: '/(http:\\/\\/127\\.0\\.0\\.1:\\d+)/', done: true }],
      },
    },
    { method: 'script.return', params: { url: '{{input.event[1]}}' } },
  ],
};

let server: TestServer;
let events: EventLog;
let repo: TempRepo;
let foreign: http.Server;
let foreignPort = 0;

beforeAll(async () => {
  foreign = http.createServer((req, res) => res.end('a foreign server'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
  foreignPort = (foreign.address() as { port: number }).port;
  server = await startTestServer();
  events = await collectEvents(server.url);
  repo = await helloAppRepo();
  await writeFile(path.join(repo.dir, 'app/server.js'), clash(foreignPort));
  await writeFile(path.join(repo.dir, 'start.json'), JSON.stringify(START));
  await writeFile(path.join(repo.dir, 'serve.json'), JSON.stringify(SERVE));
  repo.commit('a start script that serves through a nested script.start');
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
  await new Promise((resolve) => foreign.close(resolve));
});

describe('a nested script.start on a taken port', () => {
  it('is started once more on another port, and the app runs there', async () => {
    await server.rpc('apps.install', { source: repo.dir, name: 'nested' });
    await events.waitFor('app:status', (e) => e.name === 'nested' && e.state === 'installed');
    const started = await server.rpc('apps.start', { name: 'nested' });
    expect(started.port).not.toBe(foreignPort);
    expect(await (await fetchApp(server.port, 'nested', '/')).text()).toBe(
      'served after the retry',
    );
    expect(await server.rpc('apps.get', { name: 'nested' })).toMatchObject({
      state: 'running',
      error: null,
    });
    const runs = await server.rpc('runs.list', { name: 'nested' });
    const starts = runs.filter((r) => r.script.endsWith('start.json'));
    expect(starts).toHaveLength(2);
    const first = starts.find((r) => r.runId !== started.runId)!;
    expect(first.status).not.toBe('running');
    const firstLog = (await server.rpc('runs.logs', { runId: first.runId })).entries;
    const nestedLogs = await Promise.all(
      runs
        .filter((r) => r.script.endsWith('serve.json'))
        .map(async (r) => (await server.rpc('runs.logs', { runId: r.runId })).entries),
    );
    expect(
      [firstLog, ...nestedLogs]
        .flat()
        .map((e) => e.data)
        .join(''),
    ).toContain('EADDRINUSE');
    const retryLog = (await server.rpc('runs.logs', { runId: started.runId })).entries;
    expect(retryLog.map((e) => e.data).join('')).toContain('starting once more on another port');
    await server.rpc('apps.stop', { name: 'nested' });
    await events.waitFor('app:status', (e) => e.name === 'nested' && e.state === 'stopped');
  }, 90_000);
});
