// Vite's dev server behind Hangar in Chromium: root-absolute module imports resolve, and an edited module arrives over the HMR WebSocket.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { within } from '../helpers/within';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';
import { PROXY_MODES, startRealApp, type RealApp } from './helpers/real-app';

let server: ServerProcess;
let browser: Browser;
const apps: RealApp[] = [];

beforeAll(async () => {
  // The launcher runs `vite` from this project's dev dependencies.
  const PATH = [path.join(repoRoot, 'node_modules/.bin'), process.env.PATH].join(path.delimiter);
  [server, browser] = await Promise.all([spawnServer({ env: { PATH } }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // The server may have failed to start: then there is no app to stop, and stop() below ends what there is.
  for (const app of apps) await app.stop().catch(() => undefined);
  await server?.stop();
});

/** Resolves once a WebSocket of the page under `base` receives a frame containing `text` (listen before it opens). */
function socketFrame(page: Page, base: string, text: string): Promise<string> {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      if (!ws.url().startsWith(base)) return;
      ws.on('framereceived', (frame) => String(frame.payload).includes(text) && resolve(ws.url()));
    });
  });
}

describe.each(PROXY_MODES)('Vite dev server through Hangar in %s mode', (mode) => {
  it('renders what a root-absolute import exports, then swaps in an edited module over its HMR WebSocket without a reload', async () => {
    const app = await startRealApp(server, 'vite-app', mode);
    apps.push(app);
    const { page, errors } = await openPage(browser);
    const scripts: string[] = [];
    page.on(
      'request',
      (request) => request.resourceType() === 'script' && scripts.push(request.url()),
    );
    const wsBase = app.url.replace(/^http/, 'ws');
    const connected = socketFrame(page, wsBase, '"type":"connected"');
    const updated = socketFrame(page, wsBase, '"type":"update"');

    await page.goto(app.url);
    await page
      .locator('#message')
      .getByText('Hello from a root-absolute import', { exact: true })
      .waitFor({ timeout: 15_000 });
    expect(scripts).toContain(`${app.url}src/dep.js`);
    expect(scripts.filter((url) => !url.startsWith(app.url))).toEqual([]);
    await within(connected, 'the HMR WebSocket connection', 10_000);

    await page.evaluate(() => Object.assign(window, { loadedBeforeEdit: true }));
    await writeFile(
      path.join(app.dir, 'app/src/dep.js'),
      "export const message = 'Edited while the page was open';\n",
    );
    await within(updated, 'the HMR update of src/dep.js', 10_000);
    await page
      .locator('#message')
      .getByText('Edited while the page was open', { exact: true })
      .waitFor({ timeout: 10_000 });
    expect(
      await page.evaluate(
        () => (window as unknown as { loadedBeforeEdit?: boolean }).loadedBeforeEdit,
      ),
    ).toBe(true);
    await screenshotSchemes(page, `vite-dev-${mode}`);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
