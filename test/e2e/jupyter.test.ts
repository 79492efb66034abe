// Debian's Jupyter Notebook behind Hangar in Chromium: new notebook from its UI, a cell run over the kernel WebSocket, saved, reloaded.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { within } from '../helpers/within';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';
import { PROXY_MODES, startRealApp, type RealApp } from './helpers/real-app';

let server: ServerProcess;
let browser: Browser;
const apps: RealApp[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([spawnServer(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // The server may have failed to start: then there is no app to stop, and stop() below ends what there is.
  for (const app of apps) await app.stop().catch(() => undefined);
  await server?.stop();
});

/** A page address without its query (Jupyter adds `?` and `?kernel_name=` to its own). */
function withoutQuery(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Resolves with the URL of the first kernel channels WebSocket the page opens (listen before it is opened). */
function kernelSocket(page: Page): Promise<string> {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      if (/\/api\/kernels\/[0-9a-f-]+\/channels/.test(ws.url())) resolve(ws.url());
    });
  });
}

describe.each(PROXY_MODES)('Jupyter Notebook through Hangar in %s mode', (mode) => {
  it('creates a notebook, runs print(6*7) in its kernel, saves it and finds cell and output after a reload', async () => {
    const app = await startRealApp(server, 'jupyter-app', mode);
    apps.push(app);
    const { page, errors } = await openPage(browser);
    await page.goto(app.url);
    await page.waitForURL((u) => withoutQuery(u) === `${app.url}tree`);
    await page.locator('#notebook_list').waitFor();

    const [notebook] = await Promise.all([
      page.context().waitForEvent('page'),
      page
        .locator('#new-dropdown-button')
        .click()
        .then(() => page.locator('#kernel-python3 a').click()),
    ]);
    notebook.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    notebook.on('pageerror', (error) => errors.push(String(error)));
    const socket = kernelSocket(notebook);
    await notebook.waitForURL((u) => withoutQuery(u) === `${app.url}notebooks/Untitled.ipynb`);
    await notebook.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: 20_000 });
    const wsUrl = await within(socket, 'the kernel channels WebSocket', 10_000);
    expect(wsUrl.startsWith(app.url.replace(/^http/, 'ws'))).toBe(true);

    await notebook.locator('.cell.code_cell .CodeMirror').first().click();
    await notebook.keyboard.type('print(6*7)');
    await notebook.keyboard.press('Shift+Enter');
    const firstOutput = notebook.locator('.cell.code_cell').first().locator('.output_subarea');
    await firstOutput.getByText('42', { exact: true }).waitFor({ timeout: 15_000 });

    const saved = notebook.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url() === `${app.url}api/contents/Untitled.ipynb`,
    );
    await notebook.keyboard.press('Control+s');
    expect((await within(saved, 'the save of Untitled.ipynb', 10_000)).status()).toBe(200);
    const file = JSON.parse(await readFile(path.join(app.dir, 'notebooks/Untitled.ipynb'), 'utf8'));
    expect(file.cells[0]).toMatchObject({
      cell_type: 'code',
      source: ['print(6*7)'],
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }],
    });

    // Jupyter's own state (cookie secret, kernel connection files) stays in the app folder, not the user's home.
    expect(existsSync(path.join(app.dir, 'jupyter/runtime/notebook_cookie_secret'))).toBe(true);

    await notebook.reload();
    await notebook.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: 20_000 });
    const cell = notebook.locator('.cell.code_cell').first();
    await cell.locator('.CodeMirror-code').getByText('print(6*7)').waitFor();
    await cell.locator('.output_subarea').getByText('42', { exact: true }).waitFor();
    await screenshotSchemes(notebook, `jupyter-${mode}`);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
