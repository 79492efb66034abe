// Fault drills: kill -9 of a production Hangar while an app is still `starting` (its server launched, not answering
// yet: it waits for a gate file the drill creates). A start whose serving command is a `daemon: true` shell.run
// (kept as the app's daemon from its launch) is taken back and goes on, also after a graceful stop with
// stopAppsOnExit off: served once it answers, or failed, saying why, when its process dies. A start whose server is a step's command (a `done` handler, not handed over yet) is
// ended by the next Hangar, which says so: the app is stopped, never left `starting`, whether its process outlived
// the kill or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { alive, waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { fetchApp } from '../helpers/app-origin';
import { expectDrillInvariants, ownedBy, type OwnedProcess } from './invariants';

/** Says it waits, then listens only once `gate` exists in its folder (the drill creates it): no timing guessed. */
const GATED = `const fs = require('node:fs');
const http = require('node:http');
console.log('waiting for the gate');
const server = http.createServer((req, res) => res.end('gated app answers'));
const timer = setInterval(() => {
  if (!fs.existsSync('gate')) return;
  clearInterval(timer);
  server.listen(Number(process.argv[2]), '127.0.0.1', () => {
    console.log('Gated app on http://127.0.0.1:' + server.address().port);
  });
}, 50);
process.on('SIGTERM', () => process.exit(0));
`;

/** The serving command in the background (`daemon: true`), its URL known from the start's port. */
const DAEMON_START = JSON.stringify({
  daemon: true,
  run: [
    {
      method: 'shell.run',
      params: { message: 'node server.js {{port}}', path: 'app', daemon: true },
    },
    { method: 'local.set', params: { url: 'http://127.0.0.1:{{port}}' } },
  ],
});

let home: string;
let stepRepo: TempRepo;
let daemonRepo: TempRepo;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-starting-'));
  await writeTestConfig(home);
  stepRepo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(stepRepo.dir, 'app/server.js'), GATED);
  stepRepo.commit('a server that answers once its gate file exists');
  daemonRepo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(daemonRepo.dir, 'app/server.js'), GATED);
  await writeFile(path.join(daemonRepo.dir, 'start.json'), DAEMON_START);
  daemonRepo.commit('the gated server as a daemon: true shell.run');
});
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  for (const p of await ownedBy(home)) process.kill(p.pid, 'SIGKILL');
  await stepRepo?.remove();
  await daemonRepo?.remove();
  await rm(home, { recursive: true, force: true });
});

async function boot(): Promise<ServerProcess> {
  const server = await spawnServer({ home });
  servers.push(server);
  return server;
}

async function install(server: ServerProcess, source: string, name: string): Promise<void> {
  await server.rpc('apps.install', { source, name });
  await waitFor(
    async () => (await server.rpc('apps.get', { name })).state === 'installed',
    `${name} installed`,
    60_000,
  );
}

/** The log of a run as one text. */
async function logOf(server: ServerProcess, runId: string): Promise<string> {
  const log = await server.rpc('runs.logs', { runId });
  return log.entries!.map((e: { data: string }) => e.data).join('');
}

/** The whole log file of a run, across the Hangars that wrote it. */
async function logFileOf(server: ServerProcess, runId: string): Promise<string> {
  let text = '';
  for (let offset = 0; ;) {
    const page = await server.rpc('runs.logText', { runId, offset });
    text += page.text;
    if (page.next >= page.size) return text;
    offset = page.next;
  }
}

/** The gated server process of `name` (found by its working folder), if it runs. */
async function serverOf(name: string): Promise<OwnedProcess | undefined> {
  const folder = path.join(home, 'api', name, 'app');
  for (const p of await ownedBy(home)) {
    if (!p.command.startsWith('node server.js')) continue;
    if ((await readlink(`/proc/${p.pid}/cwd`).catch(() => '')) === folder) return p;
  }
  return undefined;
}

/**
 * Starts `name` without waiting for it (its server waits for its gate), until its server process runs and said it
 * waits; then stops Hangar with `signal` (SIGKILL unless told). Returns the start's run and the gated server's pid.
 */
async function killWhileStarting(
  server: ServerProcess,
  name: string,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<{ runId: string; pid: number }> {
  const pending = server.rpc('apps.start', { name }).catch((error: unknown) => error);
  let runId = '';
  await waitFor(
    async () => {
      const runs = await server.rpc('runs.list', { name });
      const run = runs.find((r) => r.script.endsWith('start.json') && r.status === 'running');
      if (!run) return false;
      runId = run.runId;
      return (await logOf(server, runId)).includes('waiting for the gate');
    },
    `${name}'s server waiting for its gate`,
    30_000,
  );
  expect((await server.rpc('apps.get', { name })).state).toBe('starting');
  const gated = await serverOf(name);
  expect(gated, `${name}'s server process`).toBeDefined();
  await server.stop(signal);
  await pending;
  // The server process outlives Hangar (it runs under its keeper).
  expect(alive(gated!.pid)).toBe(true);
  return { runId, pid: gated!.pid };
}

describe('kill -9 of Hangar while an app is starting', () => {
  it('a daemon: true serving step: taken back starting, served once it answers, its log going on', async () => {
    const name = 'daemonic';
    const first = await boot();
    await install(first, daemonRepo.dir, name);
    const { runId, pid } = await killWhileStarting(first, name);

    const second = await boot();
    const resumed = await second.rpc('apps.get', { name });
    expect(resumed).toMatchObject({ state: 'starting', url: null });
    expect(alive(pid)).toBe(true);
    const openedAt = Date.now();
    await writeFile(path.join(home, 'api', name, 'app', 'gate'), '');
    await waitFor(
      async () => (await second.rpc('apps.get', { name })).state === 'running',
      `${name} running after its gate opened`,
      30_000,
    );
    const msToServed = Date.now() - openedAt;
    const served = await second.rpc('apps.get', { name });
    expect(served).toMatchObject({ state: 'running', url: `/apps/${name}/`, error: null });
    const port = Number(new URL(second.url).port);
    expect(await (await fetchApp(port, name, '/')).text()).toBe('gated app answers');
    // One log across both Hangars: what the server said before the kill, the restart, what it said after.
    const log = await logFileOf(second, runId);
    const before = log.indexOf('waiting for the gate');
    const taken = log.indexOf('[Hangar restarted and took this running process back]');
    const after = log.indexOf('Gated app on http://127.0.0.1:');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(taken).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(taken);
    console.log(JSON.stringify({ drill: 'kill-9-starting-daemon', msToServed }));

    await second.rpc('apps.stop', { name });
    expect(alive(pid)).toBe(false);
    await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
  }, 180_000);

  it('a daemon: true serving step whose process dies after the restart: failed with the reason, not starting', async () => {
    const name = 'daemonic';
    await rm(path.join(home, 'api', name, 'app', 'gate'), { force: true });
    const first = await boot();
    const { pid } = await killWhileStarting(first, name);

    const second = await boot();
    expect((await second.rpc('apps.get', { name })).state).toBe('starting');
    process.kill(pid, 'SIGKILL');
    await waitFor(
      async () => (await second.rpc('apps.get', { name })).state !== 'starting',
      `${name} to leave starting once its process died`,
      30_000,
    );
    const failed = await second.rpc('apps.get', { name });
    expect(failed).toMatchObject({ state: 'failed', url: null });
    expect(failed.error?.message).toBe('the start script ended (crashed) before the app was ready');
    await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
  }, 180_000);

  it('a daemon: true serving step left at a graceful stop (stopAppsOnExit off): taken back starting, then served', async () => {
    const name = 'daemonic';
    await rm(path.join(home, 'api', name, 'app', 'gate'), { force: true });
    await writeTestConfig(home, { stopAppsOnExit: false });
    try {
      const first = await boot();
      const { pid } = await killWhileStarting(first, name, 'SIGTERM');
      const second = await boot();
      expect(await second.rpc('apps.get', { name })).toMatchObject({ state: 'starting' });
      expect(alive(pid)).toBe(true);
      await writeFile(path.join(home, 'api', name, 'app', 'gate'), '');
      await waitFor(
        async () => (await second.rpc('apps.get', { name })).state === 'running',
        `${name} running after its gate opened`,
        30_000,
      );
      const port = Number(new URL(second.url).port);
      expect(await (await fetchApp(port, name, '/')).text()).toBe('gated app answers');
      await second.rpc('apps.stop', { name });
      await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
    } finally {
      await writeTestConfig(home);
    }
  }, 180_000);

  it('a step whose `done` handler had not matched: the next Hangar ends the surviving server and says so', async () => {
    const name = 'stepped';
    const first = await boot();
    await install(first, stepRepo.dir, name);
    const { runId, pid } = await killWhileStarting(first, name);

    const second = await boot();
    const detail = await second.rpc('apps.get', { name });
    expect(detail).toMatchObject({ state: 'stopped', url: null });
    expect(detail.error?.message).toMatch(/restarted while the app was starting/);
    await waitFor(() => !alive(pid), 'the cut start’s server to be ended', 15_000);
    expect((await second.rpc('runs.get', { runId })).status).not.toBe('running');
    await expectDrillInvariants({ home, url: second.url });

    // Start again: the gate is open now, so it answers and is served.
    await writeFile(path.join(home, 'api', name, 'app', 'gate'), '');
    await second.rpc('apps.start', { name });
    const port = Number(new URL(second.url).port);
    expect(await (await fetchApp(port, name, '/')).text()).toBe('gated app answers');
    await second.rpc('apps.stop', { name });
    await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
  }, 180_000);

  it('a step whose server died with Hangar: the app is stopped, not left starting', async () => {
    const name = 'stepped';
    await rm(path.join(home, 'api', name, 'app', 'gate'), { force: true });
    const first = await boot();
    const { pid } = await killWhileStarting(first, name);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !alive(pid), 'the server to die', 15_000);

    const second = await boot();
    const detail = await second.rpc('apps.get', { name });
    expect(detail).toMatchObject({ state: 'stopped', url: null });
    expect(detail.error?.message).toMatch(/restarted while the app was starting/);
    await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
  }, 180_000);
});
