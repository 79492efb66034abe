import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { fetchApp } from '../helpers/app-origin';
import { started } from '../helpers/rpc';
import { waitFor } from '../helpers/processes';
import type { AppState } from '../../lib/shared/app-state';

const fixture = path.resolve(__dirname, '../fixtures/launchers/hello-app');

let server: TestServer;
let repo: TempRepo;
let events: EventLog;

beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(fixture);
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
});

async function waitForState(name: string, state: string) {
  return events.waitFor('app:status', (e) => e.name === name && e.state === state);
}

describe('an app from a local git repository, through the JSON-RPC API', () => {
  let firstCommit: string | null = '';
  let appPort = 0;

  it('installs: clones the repo, records the commit and runs install.json to "installed"', async () => {
    const { name, runId } = started(await server.rpc('apps.install', { source: repo.dir }));
    expect(name).toBe('hello-app');
    expect(runId).toEqual(expect.any(String));
    await waitForState('hello-app', 'installed');
    const app = await server.rpc('apps.get', { name: 'hello-app' });
    expect(app).toMatchObject({
      name: 'hello-app',
      title: 'Hello App',
      state: 'installed',
      source: { kind: 'git', location: repo.dir },
    });
    expect(app.commit).toMatch(/^[0-9a-f]{40}$/);
    firstCommit = app.commit;
    expect(app.menu.find((item) => item.default)).toMatchObject({
      text: 'Start',
      href: 'start.json',
    });
    expect(existsSync(path.join(server.home, 'api/hello-app/app/installed.txt'))).toBe(true);
    const logs = await server.rpc('runs.logs', { runId });
    expect(logs.entries.map((e) => e.data).join('')).toContain('installing hello-app');
  });

  it('refuses a second app with the same name and leaves the first untouched', async () => {
    await expect(server.rpc('apps.install', { source: repo.dir })).rejects.toMatchObject({
      rpc: { data: { code: 'app_exists' } },
    });
  });

  it('fails the install of a repository that is not a launcher and leaves no folder behind', async () => {
    const plain = await repoFromFixture(path.join(fixture, 'app'));
    try {
      const failed = waitForState('plain', 'install-failed');
      const install = await server.rpc('apps.install', { source: plain.dir, name: 'plain' });
      await failed;
      const run = await server.rpc('runs.get', { runId: install.runId! });
      expect(run.error).toMatchObject({ code: 'not_a_launcher' });
      const left = (await import('node:fs')).readdirSync(path.join(server.home, 'api'));
      expect(left).toEqual(['hello-app']);
      await server.rpc('apps.remove', { name: 'plain' });
    } finally {
      await plain.remove();
    }
  });

  it('starts: resolves once the app answers, with url /apps/hello-app/ and its port', async () => {
    const started = await server.rpc('apps.start', {
      name: 'hello-app',
    });
    expect(started.url).toBe('/apps/hello-app/');
    expect(started.port).toBeGreaterThan(0);
    appPort = started.port;
    await waitForState('hello-app', 'running');
    const page = await fetchApp(server.port, 'hello-app', `/greet?x=1`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Hello from hello-app v1');
    expect(html).toContain('<p id="path">/greet?x=1</p>');
    // At the root of its own origin the app gets no prefix to live under.
    expect(html).toContain('<p id="prefix"></p>');
    const app = await server.rpc('apps.get', { name: 'hello-app' });
    expect(app).toMatchObject({ state: 'running', url: '/apps/hello-app/', port: appPort });
    expect(app.menu[0]).toMatchObject({ text: 'Open Web UI', default: true });
  });

  it('stops: every process of the app is gone and the port is free', async () => {
    const listed = await server.rpc('runs.list', { name: 'hello-app' });
    const running = listed.filter((r) => r.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    await server.rpc('apps.stop', { name: 'hello-app' });
    await waitForState('hello-app', 'stopped');
    const probe = await fetch(`http://127.0.0.1:${appPort}/`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(probe).toBe('refused');
    const page = await fetchApp(server.port, 'hello-app', `/`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(502);
    expect((await server.rpc('apps.get', { name: 'hello-app' })).state).toBe('stopped');
  });

  it('updates to a new commit of the origin, then rolls back to the previous one', async () => {
    const serverJs = path.join(repo.dir, 'app/server.js');
    await writeFile(
      serverJs,
      (await readFile(serverJs, 'utf8')).replace("VERSION = 'v1'", "VERSION = 'v2'"),
    );
    const second = repo.commit('v2');
    const updated = await server.rpc('apps.update', { name: 'hello-app' });
    expect(updated).toMatchObject({ commit: second, previousCommit: firstCommit });
    expect(await readFile(path.join(server.home, 'api/hello-app/app/server.js'), 'utf8')).toContain(
      "'v2'",
    );
    const rolled = await server.rpc('apps.rollback', { name: 'hello-app' });
    expect(rolled).toMatchObject({ commit: firstCommit, previousCommit: second });
    expect(await readFile(path.join(server.home, 'api/hello-app/app/server.js'), 'utf8')).toContain(
      "'v1'",
    );
    expect((await server.rpc('apps.get', { name: 'hello-app' })).commit).toBe(firstCommit);
  });

  it('answers an input step of a script through runs.respond', async () => {
    const { runId } = await server.rpc('scripts.run', {
      name: 'hello-app',
      script: 'ask.json',
    });
    await events.waitFor('run:input', (e) => e.runId === runId);
    // While it waits, the app says what it is doing, and an update or install waits for it.
    const [waiting] = await server.rpc('apps.list');
    expect(waiting?.activity).toEqual({
      runId,
      script: 'ask.json',
      title: 'Ask a question',
      status: 'waiting',
    });
    await expect(server.rpc('apps.update', { name: 'hello-app' })).rejects.toMatchObject({
      rpc: {
        message: expect.stringContaining('ask.json is waiting for an answer'),
        data: { code: 'app_busy' },
      },
    });
    await expect(
      server.rpc('scripts.run', { name: 'hello-app', script: 'install.json' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'app_busy' } } });
    await server.rpc('runs.respond', { runId, response: { who: 'Ada' } });
    await events.waitFor('run:status', (e) => e.runId === runId && e.status === 'finished');
    expect((await server.rpc('apps.get', { name: 'hello-app' })).activity).toBeNull();
    const logs = await server.rpc('runs.logs', { runId });
    expect(logs.entries.map((e) => e.data).join('')).toContain('hello Ada');
  });

  it('refuses scripts outside the app folder', async () => {
    await expect(
      server.rpc('scripts.run', { name: 'hello-app', script: '../../config.json' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'path_escape' } } });
  });

  it('removes the app folder and its record', async () => {
    await server.rpc('apps.remove', { name: 'hello-app' });
    expect(existsSync(path.join(server.home, 'api/hello-app'))).toBe(false);
    expect(await server.rpc('apps.list')).toEqual([]);
    await expect(server.rpc('apps.get', { name: 'hello-app' })).rejects.toMatchObject({
      rpc: { data: { code: 'app_not_found' } },
    });
  });

  it('installed again after Remove, shows only the new install’s runs', async () => {
    const { runId } = started(await server.rpc('apps.install', { source: repo.dir }));
    await waitFor(
      async () => (await server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
      'hello-app installed again',
      30_000,
    );
    const app = await server.rpc('apps.get', { name: 'hello-app' });
    expect(app.runs.map((r) => r.runId)).toEqual([runId]);
    await server.rpc('apps.remove', { name: 'hello-app' });
  });

  it('emitted every state change as app:status, in order', () => {
    const states = events
      .payloadsOf('app:status')
      .filter((p) => p.name === 'hello-app')
      .map((p) => p.state);
    const order: AppState[] = [
      'installing',
      'installed',
      'starting',
      'running',
      'stopping',
      'stopped',
      'updating',
      'not-installed',
    ];
    let last = -1;
    for (const state of order) {
      const index = states.indexOf(state, last + 1);
      expect(index, `${state} after index ${last} in ${states.join(',')}`).toBeGreaterThan(last);
      last = index;
    }
  });
});
