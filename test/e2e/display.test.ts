// The live view in Chromium: an app started with `display: true` shows its Xvfb on its dashboard through noVNC.
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayAppRepo, xvfbsOf } from '../helpers/display-app';
import type { TempRepo } from '../helpers/git-repo';
import { waitFor } from '../helpers/processes';
import { rpcCall } from '../helpers/rpc';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';

let browser: Browser;
let repo: TempRepo;
const servers: ServerProcess[] = [];
let noViewerBin: string;

beforeAll(async () => {
  browser = await launchBrowser();
  repo = await displayAppRepo();
  // A PATH like this machine's but without x11vnc: the same system, the live view not installed.
  noViewerBin = await mkdtemp(path.join(os.tmpdir(), 'hangar-no-x11vnc-'));
  for (const name of await readdir('/usr/bin'))
    if (name !== 'x11vnc') await symlink(path.join('/usr/bin', name), path.join(noViewerBin, name));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
  await repo?.remove();
  if (noViewerBin) await rm(noViewerBin, { recursive: true, force: true });
});

async function runningApp(server: ServerProcess, name: string): Promise<void> {
  await rpcCall(server.url, 'apps.install', { source: repo.dir, name });
  await waitFor(
    async () => (await rpcCall(server.url, 'apps.get', { name })).state === 'installed',
    'the install',
    30_000,
  );
  await rpcCall(server.url, 'apps.start', { name, timeoutMs: 30_000 });
}

describe('the virtual display on the app dashboard', () => {
  it('shows the display live: noVNC connects and draws a framebuffer update; stopping the app ends it', async () => {
    const server = await spawnServer();
    servers.push(server);
    await runningApp(server, 'painter');
    expect(await xvfbsOf(server.home)).toHaveLength(1);
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/manage/painter`);
    await page.getByRole('button', { name: 'Show display' }).click();

    await page.locator('[data-display-status="connected"]').waitFor({ timeout: 20_000 });
    // The canvas starts transparent; the server's first framebuffer update paints it opaque, at the Xvfb's size.
    await page.waitForFunction(
      () => {
        const canvas = document.querySelector<HTMLCanvasElement>(
          '[data-testid="display-screen"] canvas',
        );
        if (!canvas || canvas.width !== 1280 || canvas.height !== 800) return false;
        const pixel = canvas.getContext('2d')!.getImageData(640, 400, 1, 1).data;
        return pixel[3] === 255;
      },
      undefined,
      { timeout: 20_000 },
    );
    await screenshotSchemes(page, 'display-live');
    await rpcCall(server.url, 'apps.stop', { name: 'painter' });
    // The display ends with the app, and the dashboard stops showing it.
    await page.getByTestId('display-screen').waitFor({ state: 'detached', timeout: 20_000 });
    await waitFor(
      async () => (await xvfbsOf(server.home)).length === 0,
      'the Xvfb to stop',
      10_000,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('without x11vnc, the dashboard says how to install it', async () => {
    const server = await spawnServer({ env: { PATH: `${noViewerBin}:/usr/local/bin` } });
    servers.push(server);
    await runningApp(server, 'painter');
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/manage/painter`);
    const note = page.getByRole('note').filter({ hasText: 'virtual display' });
    await note.waitFor({ timeout: 20_000 });
    expect(await note.textContent()).toContain('apt-get install x11vnc');
    expect(await page.getByRole('button', { name: 'Show display' }).count()).toBe(0);
    await screenshotSchemes(page, 'display-no-viewer');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
