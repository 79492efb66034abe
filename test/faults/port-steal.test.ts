// Fault drill: another program answers on the port an app printed (the app lost the race to bind it), on a production
// Hangar. Hangar does not take that server for the app: it sees the listener is not in the app's process tree, says so
// in the log, and starts the app once more on another port, where the proxy then serves the app itself. An app that
// only ever announces the foreign port is never marked running and the foreign page is never served as the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { fetchApp } from '../helpers/app-origin';
import { writeTestConfig } from '../helpers/port-range';
import { waitFor } from '../helpers/processes';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { rpcCall } from '../helpers/rpc';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { expectDrillInvariants, expectStatesMatchProcesses, ownedBy } from './invariants';

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

// First start: binds the foreign server's port as a launcher with a fixed port would, and dies of EADDRINUSE. Later
// starts: a real server on the port Hangar gives it.
const CLASH = `const http = require('node:http');
const fs = require('node:fs');
const first = !fs.existsSync('tried');
fs.writeFileSync('tried', '1');
const server = http.createServer((req, res) => res.end('the app after its retry'));
server.listen(first ? Number(process.env.FOREIGN_PORT) : Number(process.argv[2]), '127.0.0.1', () =>
  console.log('Running on http://127.0.0.1:' + server.address().port),
);
`;

// Every start: announces the foreign server's port as its own and never binds one.
const SQUATTER = `console.log('Running on http://127.0.0.1:' + process.env.FOREIGN_PORT);
setInterval(() => undefined, 60000);
`;

let home: string;
let server: ServerProcess;
let events: EventLog;
const repos: TempRepo[] = [];
let foreign: http.Server;
let foreignPort = 0;

async function launcher(serverJs: string): Promise<TempRepo> {
  const repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  repos.push(repo);
  await writeFile(path.join(repo.dir, 'app/server.js'), serverJs);
  repo.commit('a server that does not bind the port it announces');
  return repo;
}

const rpc = <M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>> =>
  rpcCall(server.url, method, ...params);

async function install(repo: TempRepo, name: string): Promise<void> {
  await rpc('apps.install', { source: repo.dir, name });
  await waitFor(
    async () => (await rpc('apps.get', { name })).state === 'installed',
    `${name} installed`,
    30_000,
  );
}

beforeAll(async () => {
  foreign = http.createServer((req, res) => res.end('a foreign server'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
  foreignPort = (foreign.address() as { port: number }).port;
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-foreign-'));
  await writeTestConfig(home);
  server = await spawnServer({ home, env: { FOREIGN_PORT: String(foreignPort) } });
  events = await collectEvents(server.url);
}, 90_000);
afterAll(async () => {
  events?.close();
  await server?.stop('SIGKILL');
  for (const p of await ownedBy(home)) process.kill(p.pid, 'SIGKILL');
  for (const repo of repos) await repo.remove();
  await rm(home, { recursive: true, force: true });
  await new Promise((resolve) => foreign.close(resolve));
});

describe('a foreign server answering on the app’s port', () => {
  it('is never taken for the app: one more start on another port, said in the log', async () => {
    await install(await launcher(RACY), 'racy');
    const t0 = Date.now();
    const started = await rpc('apps.start', { name: 'racy' });
    const startMs = Date.now() - t0;
    expect(started.port).not.toBe(foreignPort);
    const port = Number(new URL(server.url).port);
    expect(await (await fetchApp(port, 'racy', '/')).text()).toBe('the real app');
    const runs = await rpc('runs.list', { name: 'racy' });
    const first = runs.find((r) => r.runId !== started.runId && r.script.endsWith('start.json'))!;
    const log = await rpc('runs.logs', {
      runId: first.runId,
    });
    expect(log.entries.map((e) => e.data).join('')).toContain('taken by another program');
    await expectStatesMatchProcesses(server.url, home);
    await rpc('apps.stop', { name: 'racy' });
    await expectDrillInvariants({ home, url: server.url });
    console.log(JSON.stringify({ drill: 'foreign-port-retry', msToRunning: startMs, starts: 2 }));
  }, 90_000);

  it('an app that dies of EADDRINUSE is started once more on another port, with no diagnosis shown', async () => {
    await install(await launcher(CLASH), 'clash');
    const started = await rpc('apps.start', { name: 'clash' });
    expect(started.port).not.toBe(foreignPort);
    const port = Number(new URL(server.url).port);
    expect(await (await fetchApp(port, 'clash', '/')).text()).toBe('the app after its retry');
    const app = await rpc('apps.get', { name: 'clash' });
    expect(app).toMatchObject({ state: 'running', error: null });
    const runs = await rpc('runs.list', { name: 'clash' });
    const first = runs.find((r) => r.runId !== started.runId && r.script.endsWith('start.json'))!;
    const log = (await rpc('runs.logs', { runId: first.runId })).entries.map((e) => e.data);
    expect(log.join('')).toContain('EADDRINUSE');
    const retryLog = (await rpc('runs.logs', { runId: started.runId })).entries.map((e) => e.data);
    expect(retryLog.join('')).toContain('starting once more on another port');
    await rpc('apps.stop', { name: 'clash' });
    await expectStatesMatchProcesses(server.url, home);
  }, 90_000);

  it('an app that only ever announces the foreign port is never running and never serves the foreign page', async () => {
    await install(await launcher(SQUATTER), 'squatter');
    const port = Number(new URL(server.url).port);
    const seen = new Set<string>();
    let probing = true;
    // While the start is under way, keep asking the proxy: the foreign page must never come through it.
    const probe = (async () => {
      let probes = 0;
      while (probing) {
        seen.add(await (await fetchApp(port, 'squatter', '/')).text());
        probes += 1;
      }
      return probes;
    })();
    const t0 = Date.now();
    const error = await rpc('apps.start', { name: 'squatter' }).then(
      () => null,
      (e: { rpc?: { message: string; data?: { code?: string } } }) => e.rpc,
    );
    const failedMs = Date.now() - t0;
    probing = false;
    const probes = await probe;
    expect(error, 'the start must fail').not.toBeNull();
    expect(error!.message).toMatch(
      /answers, but from another program, pid \d+ .*not from this app/,
    );
    expect(error!.message).toContain(`pid ${process.pid} `);
    const states = events
      .payloadsOf('app:status')
      .filter((p) => p.name === 'squatter')
      .map((p) => p.state);
    expect(states).not.toContain('running');
    expect([...seen].some((body) => body.includes('a foreign server'))).toBe(false);
    const app = await rpc('apps.get', { name: 'squatter' });
    expect(app).toMatchObject({ state: 'failed', url: null });
    expect(await (await fetchApp(port, 'squatter', '/')).text()).not.toContain('a foreign server');
    console.log(
      JSON.stringify({
        drill: 'foreign-port-squatter',
        msToFailed: failedMs,
        proxyProbes: probes,
        error: error!.message,
      }),
    );
    await expectDrillInvariants({ home, url: server.url, afterStop: () => server.stop() });
  }, 120_000);
});
