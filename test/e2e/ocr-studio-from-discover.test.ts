// OCR Studio end to end in Chromium: install from the Discover card (real npm install), start, upload printed text,
// read it, then stop, update from the launcher Hangar ships and remove.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTextPng } from '../catalog/render-text';
import { rpcCall } from '../helpers/rpc';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { expectInstalled, installFromCard } from './helpers/catalog-install';
import { launchBrowser, openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';

const WORDS = ['hangar', 'reads', 'printed', 'text', 'quick', 'brown', 'fox', '42'];

let server: ServerProcess;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([spawnServer(), launchBrowser()]);
  watched = await openPage(browser);
  page = watched.page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    await rpcCall(server.url, 'apps.stop', { name: 'ocr-studio' }).catch(() => undefined); // The server may already be gone; stop() below ends it either way.
    await server.stop();
  }
});

describe('OCR Studio from Discover on a fresh home', () => {
  it('installs from its catalog card and reaches installed', async () => {
    await installFromCard(page, server.url, 'OCR Studio', 'ocr-studio');
    await page.getByTestId('log-view').getByText(/npm/).first().waitFor({ timeout: 30_000 });
    await expectInstalled(page, 200_000);
  }, 240_000);

  it('starts from its dashboard and shows running in the Library', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page
      .locator('[data-testid="state-badge"][data-state="running"]')
      .waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Open Web UI' }).first().waitFor();
    await page.goto(`${server.url}/`);
    const card = page.getByTestId('app-card-ocr-studio');
    await card.locator('[data-state="running"]').waitFor({ timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    await screenshotSchemes(page, 'library');
  }, 90_000);

  it('reads an uploaded PNG of printed text under /apps/ocr-studio/', async () => {
    const png = await renderTextPng(browser, ['Hangar reads printed text', 'Quick brown fox 42']);
    const app = await openPage(browser, { width: 1100, height: 760 });
    const appErrors: string[] = [];
    app.page.on('console', (m) => {
      if (m.type() === 'error') appErrors.push(`${m.text()} (${m.location().url})`);
    });
    app.page.on('pageerror', (error) => appErrors.push(String(error)));
    await app.page.goto(`${server.url}/apps/ocr-studio/`);
    expect(await app.page.title()).toBe('OCR Studio');
    // The drop zone is one box around the file picker, clear of the line above it.
    const zone = (await app.page.locator('#drop').boundingBox())!;
    const picker = (await app.page.locator('#file').boundingBox())!;
    const intro = (await app.page.locator('p.muted').boundingBox())!;
    expect(picker.y).toBeGreaterThanOrEqual(zone.y);
    expect(picker.y + picker.height).toBeLessThanOrEqual(zone.y + zone.height);
    expect(zone.y).toBeGreaterThanOrEqual(intro.y + intro.height);
    await app.page
      .locator('#file')
      .setInputFiles({ name: 'printed-text.png', mimeType: 'image/png', buffer: png });
    await app.page.locator('#read').click();
    await app.page
      .locator('#status')
      .getByText(/^Done in/)
      .waitFor({ timeout: 60_000 });
    const text = (await app.page.locator('#result').inputValue()).toLowerCase();
    for (const word of WORDS) expect(text).toContain(word);
    const [file] = await screenshotSchemes(app.page, 'ocr-studio');
    expect((await readFile(file)).byteLength).toBeGreaterThan(10_000);
    await app.page.context().close();
    expect(appErrors).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 90_000);

  it('stops, updates from the launcher Hangar ships without an error, and is removed from the Library', async () => {
    const before = await rpcCall(server.url, 'apps.get', {
      name: 'ocr-studio',
    });
    expect(before.commit).toMatch(/^[0-9a-f]{40}$/);
    await page.goto(`${server.url}/manage/ocr-studio`);
    await page.getByRole('button', { name: 'Stop app' }).click();
    await page
      .locator('[data-testid="state-badge"][data-state="stopped"]')
      .waitFor({ timeout: 30_000 });
    const maintenance = page.getByRole('region', { name: 'Maintenance' });
    await maintenance.getByRole('button', { name: 'Update', exact: true }).click();
    await maintenance
      .getByRole('group', { name: /Copy the launcher's files again from/ })
      .getByRole('button', { name: 'Update' })
      .click();
    // The update copies the launcher again and runs its update script (npm install): seconds, in view.
    const updating = page.locator('[data-testid="state-badge"][data-state="updating"]');
    await updating.waitFor({ timeout: 30_000 });
    await updating.waitFor({ state: 'detached', timeout: 120_000 });
    await page
      .locator('[data-testid="state-badge"][data-state="stopped"]')
      .waitFor({ timeout: 30_000 });
    const after = await rpcCall(server.url, 'apps.get', {
      name: 'ocr-studio',
    });
    // The launcher Hangar ships has not changed since the install: same commit, nothing to roll back to.
    expect(after).toMatchObject({ commit: before.commit, previousCommit: null, error: null });
    expect(await page.locator('main').getByRole('alert').allInnerTexts()).toEqual([]);
    await maintenance
      .getByTestId('maintenance-outcome')
      .getByText('No launcher file changed; update.js ran to its end.')
      .waitFor({ timeout: 10_000 });
    await expect
      .poll(() => maintenance.getByRole('button', { name: 'Roll back' }).count(), {
        timeout: 10_000,
      })
      .toBe(0);
    await screenshotSchemes(page, 'ocr-studio-updated');
    await maintenance.getByRole('button', { name: 'Remove' }).click();
    await maintenance
      .getByRole('group', { name: /^Remove OCR Studio/ })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.waitForURL(`${server.url}/`, { timeout: 30_000 });
    await page.getByTestId('app-card-ocr-studio').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await rpcCall(server.url, 'apps.list')).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 180_000);
});
