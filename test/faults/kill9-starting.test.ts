// Fault drills: kill -9 of a production Hangar while an app is still `starting` (its server launched, not answering
// yet: it waits for a gate file the drill creates). A start whose serving command outlived the kill is taken back
// `starting` and goes on: served once it answers, its log going on, or failed, saying why, when its process dies;
// so for a `daemon: true` shell.run (also left at a graceful stop with stopAppsOnExit off) and for a step whose
// `done` handler had not matched. When the process died with Hangar, the app is stopped with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { alive, waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { fetchApp } from '../helpers/app-origin';
import { expectDrillInvariants, expectStatesMatchProcesses, ownedBy } from './invariants';
import { DAEMON_START, GATED, install, logFileOf, logOf, serverOf } from './gated-start';

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
  const gated = await serverOf(home, name);
  expect(gated, `${name}'s server process`).toBeDefined();
  await server.stop(signal);
  await pending;
  // The server process outlives Hangar (it runs under its keeper).
  expect(alive(gated!.pid)).toBe(true);
  return { runId, pid: gated!.pid };
}

/** Opens `name`'s gate and waits until the app runs and its page answers through the proxy; the ms it took. */
async function openGateUntilServed(server: ServerProcess, name: string): Promise<number> {
  const openedAt = Date.now();
  await writeFile(path.join(home, 'api', name, 'app', 'gate'), '');
  await waitFor(
    async () => (await server.rpc('apps.get', { name })).state === 'running',
    `${name} running after its gate opened`,
    30_000,
  );
  const ms = Date.now() - openedAt;
  const port = Number(new URL(server.url).port);
  expect(await (await fetchApp(port, name, '/')).text()).toBe('gated app answers');
  return ms;
}

/** One log across both Hangars: what the server said before the kill, the restart's `marker`, what it said after. */
async function expectOneLog(server: ServerProcess, runId: string, marker: string) {
  const log = await logFileOf(server, runId);
  const before = log.indexOf('waiting for the gate');
  const taken = log.indexOf(marker);
  const after = log.indexOf('Gated app on http://127.0.0.1:');
  expect(before).toBeGreaterThanOrEqual(0);
  expect(taken).toBeGreaterThan(before);
  expect(after).toBeGreaterThan(taken);
}

/** Kills `name`'s taken-back server process: the app must leave starting as failed, saying why. */
async function expectFailedWhenItDies(server: ServerProcess, name: string, pid: number) {
  expect((await server.rpc('apps.get', { name })).state).toBe('starting');
  process.kill(pid, 'SIGKILL');
  await waitFor(
    async () => (await server.rpc('apps.get', { name })).state !== 'starting',
    `${name} to leave starting once its process died`,
    30_000,
  );
  const failed = await server.rpc('apps.get', { name });
  expect(failed).toMatchObject({ state: 'failed', url: null });
  expect(failed.error?.message).toBe('the start script ended (crashed) before the app was ready');
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
    const msToServed = await openGateUntilServed(second, name);
    const served = await second.rpc('apps.get', { name });
    expect(served).toMatchObject({ state: 'running', url: `/apps/${name}/`, error: null });
    await expectOneLog(second, runId, '[Hangar restarted and took this running process back]');
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
    await expectFailedWhenItDies(second, name, pid);
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
      await openGateUntilServed(second, name);
      await second.rpc('apps.stop', { name });
      await expectDrillInvariants({ home, url: second.url, afterStop: () => second.stop() });
    } finally {
      await writeTestConfig(home);
    }
  }, 180_000);

  it('a step whose `done` handler had not matched: taken back starting, served once it answers, its log going on', async () => {
    const name = 'stepped';
    const first = await boot();
    await install(first, stepRepo.dir, name);
    const { runId, pid } = await killWhileStarting(first, name);

    const second = await boot();
    expect(await second.rpc('apps.get', { name })).toMatchObject({ state: 'starting', url: null });
    expect(alive(pid)).toBe(true);
    const msToServed = await openGateUntilServed(second, name);
    expect(await second.rpc('apps.get', { name })).toMatchObject({
      state: 'running',
      url: `/apps/${name}/`,
      error: null,
    });
    await expectOneLog(second, runId, '[Hangar restarted and took this job back');
    console.log(JSON.stringify({ drill: 'kill-9-starting-step', msToServed }));
    await expectStatesMatchProcesses(second.url, home);

    // Served, its process is now the app's daemon: a further kill -9 finds it running and adopts it as such.
    await second.stop('SIGKILL');
    const third = await boot();
    expect(await third.rpc('apps.get', { name })).toMatchObject({ state: 'running' });
    expect(alive(pid)).toBe(true);
    await third.rpc('apps.stop', { name });
    expect(alive(pid)).toBe(false);
    await expectDrillInvariants({ home, url: third.url, afterStop: () => third.stop() });
  }, 180_000);

  it('a step taken back whose process dies after the restart: failed with the reason, not starting', async () => {
    const name = 'stepped';
    await rm(path.join(home, 'api', name, 'app', 'gate'), { force: true });
    const first = await boot();
    const { pid } = await killWhileStarting(first, name);

    const second = await boot();
    await expectFailedWhenItDies(second, name, pid);
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
