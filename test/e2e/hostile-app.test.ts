// A hostile app in Chromium: its page tries Hangar's API, Socket.IO, a terminal, a settings change, a form post and
// cookie tossing against Hangar, in the default origin mode (with and without the login) and in path mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshot } from './helpers/browser';

const TOKEN = 'hostile-test-token-0123456789abcdef';
let browser: Browser;
let repo: TempRepo;

beforeAll(async () => {
  browser = await launchBrowser();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await copyFile(path.join(__dirname, 'fixtures/hostile-app/server.js'), path.join(repo.dir, 'app/server.js'));
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
}

const MODES: Mode[] = [
  { name: 'origin mode on loopback, no login', args: [], config: {} },
  { name: 'origin mode behind the login', args: ['--auth'], config: {} },
  { name: 'path mode (chosen explicitly)', args: [], config: { appOrigins: 'path' } },
];

async function rpc(server: ServerProcess, method: string, params: unknown = {}): Promise<any> {
  const res = await fetch(`${server.url}/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
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
    await until(async () => (await rpc(server, 'apps.get', { name: 'hostile' })).state === 'installed', 'the install');
    await rpc(server, 'apps.start', { name: 'hostile' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('gets what its mode promises', async () => {
    const { page } = await openPage(browser);
    if (mode.args.includes('--auth')) await page.goto(`${server.url}/_hangar/login?token=${TOKEN}`);
    const hangar = server.url;
    await page.goto(`${hangar}/apps/hostile/?hangar=${encodeURIComponent(hangar)}`);
    await page.locator('#results').filter({ hasText: '"done":true' }).waitFor({ timeout: 20_000 });
    const results = JSON.parse(await page.locator('#results').textContent() ?? '{}');
    await screenshot(page, `hostile-app-${mode.name.replace(/[^a-z]+/g, '-')}`);
    const settings = await rpc(server, 'settings.get');
    const apps = (await rpc(server, 'apps.list')) as Array<{ name: string }>;
    if (mode.config.appOrigins === 'path') {
      // Path mode shares Hangar's origin and trust, as Settings and the README say: the page's calls go through.
      expect(new URL(page.url()).host).toBe(new URL(hangar).host);
      expect(results.settings).toBe('200 basic');
      expect(settings.allowHosts).toContain('evil.example');
      return;
    }
    expect(new URL(page.url()).hostname).toBe('hostile.localhost');
    for (const attack of ['install', 'settings', 'terminal', 'socketPolling']) expect(results[attack], attack).not.toMatch(/^200/);
    expect(results.socketWebSocket).toBe('refused');
    expect(settings.allowHosts).toEqual([]);
    expect(apps.map((a) => a.name)).toEqual(['hostile']);
    // The tossed cookies never reach Hangar's origin as a session: Hangar's page still works with its own.
    await page.goto(`${hangar}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
  });
});
