// A launcher without a start script serves from a menu item ("Run Default" daemons): that run becomes the app's
// server once its URL answers, the proxy serves it, and Stop ends it. A plain menu script changes no state.
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchApp } from '../helpers/app-origin';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { underHome, waitFor } from '../helpers/processes';
import { startTestServer, type TestServer } from '../helpers/server';

const fixture = path.resolve(__dirname, '../fixtures/launchers/hello-app');

const MENU = `module.exports = {
  version: '4.0',
  title: 'Menu Server',
  menu: async (kernel, info) => [
    { text: 'Run Default', href: 'run.json' },
    { text: 'Say hello', href: 'hello.json' },
  ],
};
`;
const HELLO = JSON.stringify({ run: [{ method: 'shell.run', params: { message: 'echo hello' } }] });

let server: TestServer;
let repo: TempRepo;

beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(fixture);
  // No start.json and no default menu item: only "Run Default" starts the server.
  await rename(path.join(repo.dir, 'start.json'), path.join(repo.dir, 'run.json'));
  await rm(path.join(repo.dir, 'ask.json'));
  await writeFile(path.join(repo.dir, 'pinokio.js'), MENU);
  await writeFile(path.join(repo.dir, 'hello.json'), HELLO);
  repo.commit('serve from a menu item');
  await server.rpc('apps.install', { source: repo.dir, name: 'menu-server' });
  await waitFor(
    async () => (await server.rpc('apps.get', { name: 'menu-server' })).state === 'installed',
    'the install to finish',
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await repo?.remove();
});

const app = () => server.rpc('apps.get', { name: 'menu-server' });

describe('an app served by a menu item', () => {
  it('a plain menu script leaves the app installed', async () => {
    const { runId } = await server.rpc('scripts.run', {
      name: 'menu-server',
      script: 'hello.json',
    });
    await waitFor(
      async () => (await server.rpc('runs.get', { runId })).status === 'finished',
      'the script to finish',
      30_000,
    );
    expect((await app()).state).toBe('installed');
  });

  it('becomes running from "Run Default", is served through the proxy, and Stop ends it', async () => {
    const { runId } = await server.rpc('scripts.run', {
      name: 'menu-server',
      script: 'run.json',
    });
    await waitFor(async () => (await app()).state === 'running', 'the app to run', 60_000);
    const detail = await app();
    expect(detail.url).toBe('/apps/menu-server/');
    const page = await fetchApp(server.port, 'menu-server', '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Hello');
    await server.rpc('apps.stop', { name: 'menu-server' });
    expect((await app()).state).toBe('stopped');
    expect((await server.rpc('runs.get', { runId })).status).toBe('stopped');
    expect(await underHome(path.join(server.home, 'api/menu-server'))).toEqual([]);
  });

  it('Stop of an idle app also ends scripts started from its menu', async () => {
    await writeFile(
      path.join(server.home, 'api/menu-server/hang.json'),
      JSON.stringify({ run: [{ method: 'shell.run', params: { message: 'sleep 600' } }] }),
    );
    const { runId } = await server.rpc('scripts.run', {
      name: 'menu-server',
      script: 'hang.json',
    });
    await waitFor(
      async () => (await server.rpc('runs.get', { runId })).status === 'running',
      'the script to run',
      30_000,
    );
    await server.rpc('apps.stop', { name: 'menu-server' });
    expect((await server.rpc('runs.get', { runId })).status).toBe('stopped');
    expect(await underHome(path.join(server.home, 'api/menu-server'))).toEqual([]);
  });
});
