// The app state machine through the API: install-failed vs failed, stop cancels an install, Start joins, menu installs move the state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

const fixture = path.resolve(__dirname, '../fixtures/launchers/hello-app');

/** An install step whose outcome app/mode.txt decides: ok, fail (exit 1) or hang (until stopped). */
const INSTALL_STEP = `const fs = require('fs');
const mode = fs.existsSync('mode.txt') ? fs.readFileSync('mode.txt', 'utf8').trim() : 'ok';
console.log('install step: ' + mode);
if (mode === 'fail') process.exit(1);
if (mode === 'hang') setInterval(() => {}, 1000);
`;
const INSTALL_JSON = JSON.stringify({
  run: [
    { method: 'shell.run', params: { message: 'node install-step.js', path: 'app' } },
    { method: 'fs.write', params: { path: 'app/installed.txt', text: 'installed' } },
  ],
});

let server: TestServer;
let events: EventLog;
const repos: TempRepo[] = [];

beforeAll(async () => {
  server = await startTestServer();
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await Promise.all(repos.map((r) => r.remove()));
});

/** A launcher repository like hello-app whose install step does what `mode` says. */
async function gatedLauncher(mode: 'ok' | 'fail' | 'hang'): Promise<TempRepo> {
  const repo = await repoFromFixture(fixture);
  repos.push(repo);
  await writeFile(path.join(repo.dir, 'install.json'), INSTALL_JSON);
  await writeFile(path.join(repo.dir, 'app/install-step.js'), INSTALL_STEP);
  await writeFile(path.join(repo.dir, 'app/mode.txt'), mode);
  repo.commit(`install step: ${mode}`);
  return repo;
}

/** Resolves with the first app:status of `name` in `state` emitted after this call. */
function nextState(name: string, state: string): Promise<any> {
  const mark = events.events.length;
  return events.waitFor(
    'app:status',
    (p) =>
      p.name === name &&
      p.state === state &&
      events.events.findIndex((e) => e.payload === p) >= mark,
  );
}

function statesOf(name: string): string[] {
  return events.events
    .filter((e) => e.name === 'app:status' && e.payload.name === name)
    .map((e) => e.payload.state);
}

async function logsContain(runId: string, text: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const page = await server.rpc<{ entries: Array<{ data: string }> }>('runs.logs', { runId });
    if (
      page.entries
        .map((e) => e.data)
        .join('')
        .includes(text)
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} did not print "${text}" within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The JSON-RPC error a call was refused with. */
async function refusal(
  call: Promise<unknown>,
): Promise<{ message: string; data: { code: string } }> {
  try {
    await call;
  } catch (error) {
    return (error as { rpc: { message: string; data: { code: string } } }).rpc;
  }
  throw new Error('the call was not refused');
}

const app = (name: string) => server.rpc<any>('apps.get', { name });

describe('an install that fails or is cancelled', () => {
  it('a Stop during the install ends its run: install-failed with "install cancelled", and Start is refused', async () => {
    const repo = await gatedLauncher('hang');
    const failed = nextState('cancelled', 'install-failed');
    const { runId } = await server.rpc<{ runId: string }>('apps.install', {
      source: repo.dir,
      name: 'cancelled',
    });
    await logsContain(runId, 'install step: hang');
    expect((await app('cancelled')).state).toBe('installing');
    expect(await server.rpc('apps.stop', { name: 'cancelled' })).toEqual({
      name: 'cancelled',
      state: 'install-failed',
    });
    expect((await failed).error.message).toBe('install cancelled');
    expect((await server.rpc<any>('runs.get', { runId })).status).toBe('stopped');
    expect(await app('cancelled')).toMatchObject({
      state: 'install-failed',
      error: { message: 'install cancelled' },
    });
    expect(statesOf('cancelled')).not.toContain('failed');
    const refused = await refusal(server.rpc('apps.start', { name: 'cancelled' }));
    expect(refused.data.code).toBe('conflict');
    expect(refused.message).toMatch(/install failed \(install cancelled\)\. Reinstall it/);
    // The start script from the menu is refused the same way.
    const viaMenu = await refusal(
      server.rpc('scripts.run', { name: 'cancelled', script: 'start.json' }),
    );
    expect(viaMenu.data.code).toBe('conflict');
    expect(statesOf('cancelled')).not.toContain('starting');
  });

  it('running install.json from the menu moves the state like apps.install, and a success clears the old error', async () => {
    await writeFile(path.join(server.home, 'api/cancelled/app/mode.txt'), 'ok');
    const installing = nextState('cancelled', 'installing');
    const installed = nextState('cancelled', 'installed');
    const { runId } = await server.rpc<{ runId: string }>('scripts.run', {
      name: 'cancelled',
      script: 'install.json',
    });
    expect((await installing).error).toBeNull();
    expect((await installed).error).toBeNull();
    expect(await app('cancelled')).toMatchObject({ state: 'installed', error: null });
    await logsContain(runId, 'install step: ok');
    const started = await server.rpc<{ url: string }>('apps.start', { name: 'cancelled' });
    expect(started.url).toBe('/apps/cancelled/');
    await server.rpc('apps.stop', { name: 'cancelled' });
  });

  it('a failed install script leaves install-failed (not failed); apps.install of the same source runs it again in place', async () => {
    const repo = await gatedLauncher('fail');
    const failed = nextState('broken', 'install-failed');
    await server.rpc('apps.install', { source: repo.dir, name: 'broken' });
    expect((await failed).error.message).toEqual(expect.any(String));
    expect(statesOf('broken')).toEqual(['installing', 'install-failed']);
    const other = await gatedLauncher('ok');
    await expect(
      server.rpc('apps.install', { source: other.dir, name: 'broken' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'app_exists' } } });
    await writeFile(path.join(server.home, 'api/broken/app/mode.txt'), 'ok');
    const installed = nextState('broken', 'installed');
    const again = await server.rpc<{ name: string; runId: string }>('apps.install', {
      source: repo.dir,
      name: 'broken',
    });
    expect(again).toMatchObject({ name: 'broken', runId: expect.any(String) });
    await installed;
    expect(await app('broken')).toMatchObject({ state: 'installed', error: null });
  });

  it('removing goes through "removing" to "not-installed"', async () => {
    const gone = nextState('broken', 'not-installed');
    await server.rpc('apps.remove', { name: 'broken' });
    await gone;
    expect(statesOf('broken').slice(-2)).toEqual(['removing', 'not-installed']);
    expect(existsSync(path.join(server.home, 'api/broken'))).toBe(false);
  });
});

describe('starting', () => {
  it("a second Start while the first is starting joins it; a failed start's error goes with the next successful start", async () => {
    const repo = await gatedLauncher('ok');
    const installed = nextState('joiner', 'installed');
    await server.rpc('apps.install', { source: repo.dir, name: 'joiner' });
    await installed;
    const serverJs = path.join(server.home, 'api/joiner/app/server.js');
    await rename(serverJs, `${serverJs}.away`);
    await expect(
      server.rpc('apps.start', { name: 'joiner', timeoutMs: 10_000 }),
    ).rejects.toMatchObject({ rpc: { data: { code: expect.any(String) } } });
    expect((await app('joiner')).state).toBe('failed');
    expect((await app('joiner')).error).not.toBeNull();
    await rename(`${serverJs}.away`, serverJs);
    const [first, second] = await Promise.all([
      server.rpc<any>('apps.start', { name: 'joiner' }),
      server.rpc<any>('apps.start', { name: 'joiner' }),
    ]);
    expect(second).toEqual(first);
    expect(await app('joiner')).toMatchObject({ state: 'running', error: null });
    expect(
      (await server.rpc<any[]>('runs.list', { name: 'joiner' })).filter(
        (r) => r.status === 'running',
      ),
    ).toHaveLength(1);
    await server.rpc('apps.stop', { name: 'joiner' });
  });
});

describe('updates you can undo', () => {
  let repo: TempRepo;
  let v1 = '';
  let v2 = '';
  const serverJs = () => path.join(server.home, 'api/updater/app/server.js');
  const setVersion = async (version: string) => {
    const file = path.join(repo.dir, 'app/server.js');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/VERSION = '[^']*'/, `VERSION = '${version}'`),
    );
  };

  beforeAll(async () => {
    repo = await gatedLauncher('ok');
    v1 = git(repo.dir, 'rev-parse', 'HEAD');
    const installed = nextState('updater', 'installed');
    await server.rpc('apps.install', { source: repo.dir, name: 'updater' });
    await installed;
  });

  it('a failed update script rolls back by itself to the commit it had, says so, and rollback still has the generation before', async () => {
    await setVersion('v2');
    v2 = repo.commit('v2');
    expect(await server.rpc('apps.update', { name: 'updater' })).toMatchObject({
      commit: v2,
      previousCommit: v1,
    });
    await setVersion('v3');
    await writeFile(
      path.join(repo.dir, 'update.json'),
      JSON.stringify({
        run: [{ method: 'shell.run', params: { message: 'node -e "process.exit(1)"' } }],
      }),
    );
    repo.commit('v3 with an update script that fails');
    const refused = await refusal(server.rpc('apps.update', { name: 'updater' }));
    expect(refused.message).toContain(`rolled back to ${v2.slice(0, 8)}`);
    expect(await readFile(serverJs(), 'utf8')).toContain("VERSION = 'v2'");
    expect(existsSync(path.join(server.home, 'api/updater/update.json'))).toBe(false);
    const after = await app('updater');
    expect(after).toMatchObject({ state: 'installed', commit: v2, previousCommit: v1 });
    expect(after.error.message).toContain(`update failed`);
    expect(after.generations.map((g: any) => g.commit)).toEqual([v1]);
    const rolled = await server.rpc<any>('apps.rollback', { name: 'updater' });
    expect(rolled).toMatchObject({ commit: v1, previousCommit: v2, runId: null });
    expect(await readFile(serverJs(), 'utf8')).toContain("VERSION = 'v1'");
    expect(await app('updater')).toMatchObject({ state: 'installed', commit: v1, error: null });
  });

  it('a rollback across a change of the install script runs the install again', async () => {
    // Back to the newest good commit first (the failing update script is removed again upstream).
    await writeFile(
      path.join(repo.dir, 'install.json'),
      INSTALL_JSON.replace('"text":"installed"', '"text":"installed by v4"'),
    );
    await rm(path.join(repo.dir, 'update.json'));
    const v4 = repo.commit('v4 with a new install script');
    expect(await server.rpc('apps.update', { name: 'updater' })).toMatchObject({
      commit: v4,
      previousCommit: v1,
    });
    await writeFile(path.join(server.home, 'api/updater/app/installed.txt'), 'installed by v4');
    const installing = nextState('updater', 'installing');
    const installed = nextState('updater', 'installed');
    const rolled = await server.rpc<any>('apps.rollback', { name: 'updater' });
    expect(rolled).toMatchObject({ commit: v1, previousCommit: v4, runId: expect.any(String) });
    await installing;
    await installed;
    await logsContain(rolled.runId, 'install step: ok');
    expect(await readFile(path.join(server.home, 'api/updater/app/installed.txt'), 'utf8')).toBe(
      'installed',
    );
    expect(await app('updater')).toMatchObject({
      state: 'installed',
      commit: v1,
      previousCommit: v4,
    });
  });
});

describe('updates.keepGenerations', () => {
  it('keeps that many earlier commits, newest first', async () => {
    const small = await startTestServer({ config: { updates: { keepGenerations: 2 } } });
    try {
      const repo = await gatedLauncher('ok');
      const commits = [git(repo.dir, 'rev-parse', 'HEAD')];
      const { runId } = await small.rpc<{ runId: string }>('apps.install', {
        source: repo.dir,
        name: 'gens',
      });
      for (;;) {
        const run = await small.rpc<{ status: string }>('runs.get', { runId });
        if (run.status === 'finished') break;
        expect(['queued', 'running']).toContain(run.status);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const n of [1, 2, 3]) {
        await writeFile(path.join(repo.dir, 'app/notes.txt'), `note ${n}`);
        commits.push(repo.commit(`note ${n}`));
        await small.rpc('apps.update', { name: 'gens' });
      }
      const gens = await small.rpc<any>('apps.get', { name: 'gens' });
      expect(gens.commit).toBe(commits[3]);
      expect(gens.generations.map((g: any) => g.commit)).toEqual([commits[2], commits[1]]);
      expect(gens.generations[0].installHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await small.stop();
    }
  });
});
