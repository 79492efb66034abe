// The catalog's install dialog in Chromium, with Hangar's home on a real 160 MiB tmpfs (needs root, as CI runs): an
// app that fits says "Disk: about N GB" and the space free, and installs; one that does not fit warns and installs
// only when the user presses Install anyway. Wide and phone, light and dark.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { mountTmpfs } from '../faults/tmpfs';
import { writeTestConfig } from '../helpers/port-range';
import { rpcCall } from '../helpers/rpc';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';

let server: ServerProcess;
let browser: Browser;
let wide: WatchedPage;
let phone: WatchedPage;

beforeAll(async () => {
  await ensureBuilt();
  const home = await mountTmpfs(160);
  await writeTestConfig(home);
  [server, browser] = await Promise.all([spawnServer({ home }), launchBrowser()]);
  [wide, phone] = await Promise.all([
    openPage(browser, { width: 1366, height: 900 }),
    openPage(browser, { width: 390, height: 844 }),
  ]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    for (const name of ['python-hello', 'ocr-studio'])
      await rpcCall(server.url, 'apps.stop', { name }).catch(() => undefined); // Not installed: nothing to stop.
    await server.stop();
  }
});

describe('the install dialog', () => {
  it('shows the estimate and the free space, and installs an app that fits', async () => {
    const { page } = wide;
    await page.goto(`${server.url}/discover`);
    await page.getByRole('button', { name: 'Install Python Hello' }).click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByText('Disk: about 0.1 GB').waitFor();
    await dialog
      .getByText(/^\d+\.\d{1,2} GB free where apps are installed\.$/)
      .waitFor({ timeout: 15_000 });
    expect(await dialog.getByTestId('install-disk-warning').count()).toBe(0);
    await screenshotSchemes(page, 'install-dialog-fits-wide');
    await dialog.getByRole('button', { name: 'Install', exact: true }).click();
    await page.waitForURL(/\/manage\/python-hello\?run=/, { timeout: 20_000 });
    expect(wide.errors).toEqual([]);
  }, 120_000);

  it('says what a GPU app needs, and warns where this machine has no GPU for it', async () => {
    const { page } = wide;
    await page.goto(`${server.url}/discover`);
    await page.getByRole('button', { name: 'Install ComfyUI' }).click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByText('GPU recommended · Disk: about 15 GB').waitFor();
    const { gpus } = await rpcCall(server.url, 'system.info', {});
    const warning = dialog.getByTestId('install-gpu-warning');
    if (gpus.length === 0) await warning.getByText(/^No GPU was found on this machine/).waitFor();
    else expect(await warning.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(wide.errors).toEqual([]);
  }, 60_000);

  it('warns when the disk has less free space than the app needs, and installs anyway on request', async () => {
    const { page } = phone;
    await page.goto(`${server.url}/discover`);
    await page.getByRole('button', { name: 'Install OCR Studio' }).click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByText('Disk: about 0.2 GB').waitFor();
    await dialog
      .getByText(/^\d+\.\d{1,2} GB free where apps are installed\.$/)
      .waitFor({ timeout: 15_000 });
    await dialog.getByTestId('install-disk-warning').waitFor();
    expect(await dialog.getByRole('button', { name: 'Install', exact: true }).count()).toBe(0);
    await screenshotSchemes(page, 'install-dialog-short-phone');
    // Cancel leaves nothing installed; the engine refuses the same install without force.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(
      rpcCall(server.url, 'apps.install', { source: 'ocr-studio' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'disk_full' } } });
    await page.getByRole('button', { name: 'Install OCR Studio' }).click();
    await dialog.getByRole('button', { name: 'Install anyway' }).click();
    await page.waitForURL(/\/manage\/ocr-studio\?run=/, { timeout: 20_000 });
    await rpcCall(server.url, 'apps.stop', { name: 'ocr-studio' });
    expect(phone.errors).toEqual([]);
  }, 120_000);
});
