import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';

let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  server = await spawnServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PAGES = [
  { path: '/', heading: 'Library', text: 'No apps installed yet' },
  { path: '/discover', heading: 'Discover', text: 'catalog' },
  { path: '/terminals', heading: 'Terminals', text: 'No terminal open' },
  { path: '/settings', heading: 'Settings', text: 'System' },
];

describe('the web UI shell in Chromium', () => {
  for (const target of PAGES) {
    it(`renders ${target.path} with navigation, no console errors, and system.info in the footer`, async () => {
      const { page, errors } = await openPage(browser);
      const response = await page.goto(`${server.url}${target.path}`);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
      await page.getByText(target.text, { exact: false }).first().waitFor();
      await page
        .getByTestId('system-footer')
        .getByText(/Hangar \d+\.\d+\.\d+ · Node v20/)
        .waitFor();
      // The brand and the five pages: Library, Discover, Models, Terminals, Settings.
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(
        6,
      );
      const name = target.path === '/' ? 'library' : target.path.slice(1);
      const [file] = await screenshotSchemes(page, `shell-${name}`);
      expect((await stat(file)).size).toBeGreaterThan(1000);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('navigates from the Library empty state to Discover', async () => {
    const { page, errors } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Go to Discover' }).click();
    await page.waitForURL(`${server.url}/discover`);
    await page.getByRole('heading', { level: 1, name: 'Discover' }).waitFor();
    await screenshotSchemes(page, 'shell-discover-phone');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the system panel with the home path on Settings', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${server.url}/settings`);
    await page.getByTestId('system-panel').getByText(server.home).waitFor();
    await page.context().close();
  });
});
