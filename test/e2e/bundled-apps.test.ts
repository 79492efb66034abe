// The bundled apps as a new user meets them in Chromium: each installed from its Discover card, started from its
// dashboard and used at /apps/<name>/. Python Hello builds its own venv, runs on the port its launch options fix and
// is removed; Model Downloader fetches GPT-2's small files from a Hugging Face stand-in (settings' hfEndpoint), says
// so in a toast, and lists them from the shared drive.
import getPort from 'get-port';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { rpcCall } from '../helpers/rpc';
import { startHfServer, type HfServer } from '../helpers/servers/hf-server';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { expectInstalled, installFromCard } from './helpers/catalog-install';
import { launchBrowser, openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';

const GPT2_FILES = {
  'config.json': '{"model_type":"gpt2","n_layer":12}\n',
  'generation_config.json': '{"bos_token_id":50256}\n',
  'tokenizer_config.json': '{"model_max_length":1024}\n',
};

let server: ServerProcess;
let browser: Browser;
let hf: HfServer;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  await ensureBuilt();
  hf = await startHfServer();
  hf.repos.set('openai-community/gpt2', {
    files: Object.fromEntries(
      Object.entries(GPT2_FILES).map(([name, text]) => [name, { body: Buffer.from(text) }]),
    ),
  });
  [server, browser] = await Promise.all([spawnServer(), launchBrowser()]);
  await rpcCall(server.url, 'settings.set', { hfEndpoint: hf.http.origin });
  watched = await openPage(browser, { width: 1366, height: 900 });
  page = watched.page;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await hf?.stop();
});

/** Starts the app from its dashboard and opens it under /apps/<name>/ in a page of its own. */
async function startAndOpen(name: string): Promise<Page> {
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page
    .locator('[data-testid="state-badge"][data-state="running"]')
    .waitFor({ timeout: 60_000 });
  const app = await openPage(browser, { width: 1100, height: 760 });
  await app.page.goto(`${server.url}/apps/${name}/`);
  return app.page;
}

describe('the bundled apps from Discover', () => {
  it('Python Hello installs its venv from its card, runs on the port its launch options fix, and is removed', async () => {
    await installFromCard(page, server.url, 'Python Hello', 'python-hello');
    await expectInstalled(page, 120_000);
    await page.getByTestId('log-view').getByText('venv ready:').first().waitFor();
    // Its title already says its name: no second line for it.
    expect(await page.getByTestId('app-name').count()).toBe(0);
    // Configured before its first start: a fixed port, saved; the note goes once the app has started.
    const port = await getPort({ host: '127.0.0.1' });
    const options = page.getByRole('region', { name: 'Launch options' });
    await options.getByRole('heading', { name: 'Launch options' }).click();
    await options.getByLabel(/^Port/).fill(String(port));
    await options.getByRole('button', { name: 'Save launch options' }).click();
    const saved = options.getByRole('status').getByText('Saved.', { exact: true });
    await saved.waitFor();
    const app = await startAndOpen('python-hello');
    expect(await app.title()).toBe('Python Hello');
    await app.getByRole('heading', { name: /^Hello from Python 3\./ }).waitFor();
    expect(await rpcCall(server.url, 'apps.get', { name: 'python-hello' })).toMatchObject({ port });
    await saved.waitFor({ state: 'detached' });
    await screenshotSchemes(app, 'bundled-python-hello');
    await app.context().close();
    await page.getByRole('button', { name: 'Stop app' }).click();
    await page
      .locator('[data-testid="state-badge"][data-state="stopped"]')
      .waitFor({ timeout: 30_000 });
    // A launcher file edited by hand: Update copies Hangar's launcher back (running its update.js), Roll back
    // returns to the edit.
    const maintenance = page.getByRole('region', { name: 'Maintenance' });
    const startJs = path.join(server.home, 'api/python-hello/start.js');
    const edited = `${await readFile(startJs, 'utf8')}\n// tuned by hand\n`;
    await writeFile(startJs, edited);
    const outcome = maintenance.getByTestId('maintenance-outcome');
    await maintenance.getByRole('button', { name: 'Update', exact: true }).click();
    await maintenance
      .getByRole('group', { name: /Copy the launcher's files again from/ })
      .getByRole('button', { name: 'Update' })
      .click();
    await outcome
      .getByText(/^Updated to [0-9a-f]{7}; update\.js ran to its end\.$/)
      .waitFor({ timeout: 120_000 });
    expect(await readFile(startJs, 'utf8')).not.toContain('tuned by hand');
    await maintenance.getByRole('button', { name: 'Roll back', exact: true }).click();
    await maintenance.getByRole('button', { name: 'Roll back', exact: true }).click();
    await outcome.getByText(/^Now at [0-9a-f]{7}\.$/).waitFor({ timeout: 30_000 });
    expect(await readFile(startJs, 'utf8')).toBe(edited);
    await screenshotSchemes(page, 'bundled-python-hello-rolled-back');
    await maintenance.getByRole('button', { name: 'Remove' }).click();
    await maintenance
      .getByRole('group', { name: /^Remove Python Hello/ })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.waitForURL(`${server.url}/`, { timeout: 30_000 });
    await page.getByTestId('app-card-python-hello').waitFor({ state: 'detached' });
    expect(await rpcCall(server.url, 'apps.list')).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 240_000);

  it('Model Downloader fetches the files through the Hub protocol, says so, and lists them from the drive', async () => {
    await installFromCard(page, server.url, 'Model Downloader (demo)', 'model-downloader');
    await expectInstalled(page, 120_000);
    await page
      .getByTestId('toast')
      .getByText('The GPT-2 files are in the drive. Click Start to list them.')
      .waitFor({ timeout: 15_000 });
    await screenshotSchemes(page, 'bundled-model-downloader-installed');
    // Each file came once from the stand-in, by the revision the Hub resolved main to.
    expect(
      hf
        .bodyRequests()
        .map((p) => p.replace(/^.*\/resolve\/[^/]+\//, ''))
        .sort(),
    ).toEqual(Object.keys(GPT2_FILES));
    const app = await startAndOpen('model-downloader');
    expect(await app.title()).toBe('Downloaded models');
    for (const [file, text] of Object.entries(GPT2_FILES))
      await app.getByRole('row', { name: `gpt2/${file} ${text.length} bytes` }).waitFor();
    await screenshotSchemes(app, 'bundled-model-downloader');
    await app.context().close();
    await rpcCall(server.url, 'apps.stop', { name: 'model-downloader' });
    expect(watched.errors).toEqual([]);
  }, 240_000);
});
