// A hostile app in Chromium: its page tries Hangar's API, Socket.IO, a terminal, a settings change, a form post and
// cookie tossing against Hangar, in the default origin mode (with and without the login) and in path mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { rpcCallWith } from '../helpers/rpc';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';

const TOKEN = 'hostile-test-token-0123456789abcdef';
let browser: Browser;
let repo: TempRepo;

beforeAll(async () => {
  // Stand-ins for a LAN: an apps domain with a wildcard name, and a plain name for the machine (apps on own ports).
  browser = await launchBrowser([
    '--host-resolver-rules=MAP hangar.test 127.0.0.1, MAP *.hangar.test 127.0.0.1, MAP lan.test 127.0.0.1',
  ]);
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await copyFile(
    path.join(__dirname, 'fixtures/hostile-app/server.js'),
    path.join(repo.dir, 'app/server.js'),
  );
  repo.commit('a hostile page');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await repo?.remove();
});

interface Mode {
  name: string;
  args: string[];
  config: Record<string, unknown>;
  /** The host name the browser reaches Hangar by (its port is the server's), and where the app lands. */
  hangarName: string;
  appHost: (port: number) => RegExp;
}

const MODES: Mode[] = [
  {
    name: 'origin mode on loopback, no login',
    args: [],
    config: {},
    hangarName: '127.0.0.1',
    appHost: (port) => new RegExp(`^hostile\\.localhost:${port}$`),
  },
  {
    name: 'origin mode behind the login',
    args: ['--auth'],
    config: {},
    hangarName: '127.0.0.1',
    appHost: (port) => new RegExp(`^hostile\\.localhost:${port}$`),
  },
  {
    name: 'an apps domain behind the login',
    args: ['--auth', '--apps-domain', 'hangar.test'],
    config: {},
    hangarName: 'hangar.test',
    appHost: (port) => new RegExp(`^hostile\\.hangar\\.test:${port}$`),
  },
  {
    name: 'own ports behind the login',
    args: ['--auth', '--allow-host', 'lan.test'],
    config: {},
    hangarName: 'lan.test',
    appHost: (port) => new RegExp(`^lan\\.test:(?!${port}$)\\d+$`),
  },
  {
    name: 'path mode (chosen explicitly)',
    args: [],
    config: { appOrigins: 'path' },
    hangarName: '127.0.0.1',
    appHost: (port) => new RegExp(`^127\\.0\\.0\\.1:${port}$`),
  },
];

const rpc = <M extends MethodName>(
  server: ServerProcess,
  method: M,
  ...params: ParamsArgs<M>
): Promise<Result<M>> =>
  rpcCallWith(server.url, { authorization: `Bearer ${TOKEN}` }, method, ...params);

async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(MODES)('a hostile app’s page, $name', (mode) => {
  let server: ServerProcess;
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'hangar-hostile-'));
    await writeTestConfig(home, mode.config);
    server = await spawnServer({ home, args: mode.args, env: { HANGAR_TOKEN: TOKEN } });
    await rpc(server, 'apps.install', { source: repo.dir, name: 'hostile' });
    await until(
      async () => (await rpc(server, 'apps.get', { name: 'hostile' })).state === 'installed',
      'the install',
    );
    await rpc(server, 'apps.start', { name: 'hostile' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('gets what its mode promises', async () => {
    const { page } = await openPage(browser);
    const port = Number(new URL(server.url).port);
    const hangar = `http://${mode.hangarName}:${port}`;
    if (mode.args.includes('--auth')) await page.goto(`${hangar}/_hangar/login?token=${TOKEN}`);
    await page.goto(`${hangar}/apps/hostile/?hangar=${encodeURIComponent(hangar)}`);
    await page.locator('#results').filter({ hasText: '"done":true' }).waitFor({ timeout: 20_000 });
    const results = JSON.parse((await page.locator('#results').textContent()) ?? '{}');
    await screenshotSchemes(page, `hostile-app-${mode.name.replace(/[^a-z]+/g, '-')}`);
    const settings = await rpc(server, 'settings.get');
    const apps = await rpc(server, 'apps.list');
    if (mode.config.appOrigins === 'path') {
      // Path mode shares Hangar's origin and trust, as Settings and the README say: the page's calls go through.
      expect(new URL(page.url()).host).toMatch(mode.appHost(port));
      expect(results.settings).toBe('200 basic');
      expect(settings.allowHosts).toContain('evil.example');
      return;
    }
    expect(new URL(page.url()).host).toMatch(mode.appHost(port));
    for (const attack of ['install', 'settings', 'terminal', 'socketPolling'])
      expect(results[attack], attack).not.toMatch(/^200/);
    expect(results.socketWebSocket).toBe('refused');
    expect(settings.allowHosts).toEqual([]);
    expect(apps.map((a) => a.name)).toEqual(['hostile']);
    // A tossed cookie never becomes the session. Under an apps domain over plain HTTP a page there can set a cookie
    // for the parent domain (here on /api), which Hangar's origin then receives beside its own: that is refused,
    // never resolved by order (HTTPS closes it with the __Host- prefix). Everywhere else nothing reaches Hangar.
    await page.goto(`${hangar}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const call = await page.evaluate(async () => {
      const res = await fetch('/api', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system.info', params: {} }),
      });
      return `${res.status} ${await res.text()}`;
    });
    const sent = (await page.context().cookies(`${hangar}/api`)).filter(
      (c) => c.name === 'hangar_session',
    );
    if (sent.length > 1) expect(call).toMatch(/^400 .*two session cookies/);
    else expect(call).toMatch(/^200 /);
    if (!mode.args.includes('--apps-domain')) expect(sent.length).toBeLessThanOrEqual(1);
  });
});
