// The Models page in Chromium: a folder imported in place with progress, models by kind with hashes and apps,
// delete refused while the app using a model runs, a Pinokio home read, at desktop and phone width, light and dark.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectEvents } from '../helpers/socket-events';
import { makeTempDir } from '../helpers/temp-dir';
import { openPage, screenshot, type WatchedPage } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';

const e2e = withServerAndBrowser(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const lora = randomBytes(300_000);
const gguf = randomBytes(500_000);
const appModel = randomBytes(200_000);

let watched: WatchedPage;
let userFolder: string;
let pinokioHome: string;

beforeAll(async () => {
  watched = await openPage(e2e.browser, { width: 1366, height: 900 });
  const root = await makeTempDir('hangar-e2e-models-');
  userFolder = path.join(root, 'webui', 'models');
  await mkdir(path.join(userFolder, 'Lora'), { recursive: true });
  await mkdir(path.join(userFolder, 'LLM'), { recursive: true });
  await writeFile(path.join(userFolder, 'Lora', 'watercolor-style.safetensors'), lora);
  await writeFile(path.join(userFolder, 'LLM', 'tiny-llama-q4.gguf'), gguf);
  pinokioHome = path.join(root, 'pinokio');
  await mkdir(path.join(pinokioHome, 'api', 'comfy.git'), { recursive: true });
  await writeFile(
    path.join(pinokioHome, 'api', 'comfy.git', 'pinokio.js'),
    "module.exports = { title: 'ComfyUI' }\n",
  );
  // An HF cache repo in the shared HF_HOME, as huggingface_hub lays it out.
  const repo = path.join(e2e.server.home, 'cache', 'HF_HOME', 'hub', 'models--org--tiny-pipe');
  const commit = 'c'.repeat(40);
  const body = randomBytes(120_000);
  await mkdir(path.join(repo, 'blobs'), { recursive: true });
  await mkdir(path.join(repo, 'refs'), { recursive: true });
  await mkdir(path.join(repo, 'snapshots', commit, 'unet'), { recursive: true });
  await writeFile(path.join(repo, 'refs', 'main'), commit);
  await writeFile(path.join(repo, 'blobs', sha(body)), body);
  await writeFile(path.join(repo, 'blobs', sha(Buffer.from('{}'))), '{}');
  await symlink(
    `../../../blobs/${sha(body)}`,
    path.join(repo, 'snapshots', commit, 'unet', 'model.safetensors'),
  );
  await symlink(
    `../../blobs/${sha(Buffer.from('{}'))}`,
    path.join(repo, 'snapshots', commit, 'model_index.json'),
  );
}, 60_000);

describe('the Models page', () => {
  it('imports a folder in place and lists every model by kind with its hash', async () => {
    const { page } = watched;
    await page.goto(`${e2e.server.url}/models`);
    expect(await page.title()).toBe('Models — Hangar');
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    await page
      .getByRole('link', { name: 'Models' })
      .and(page.locator('[aria-current="page"]'))
      .waitFor();
    await page
      .getByTestId('models-diffusers')
      .getByText('org/tiny-pipe', { exact: true })
      .waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('disk-free').innerText()).toMatch(/\d/);
    await page.getByLabel('Folder to import (absolute path)').fill(userFolder);
    await page.getByRole('button', { name: 'Import folder' }).click();
    await page
      .locator('[data-testid="import-job"][data-state="done"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-job').innerText()).toContain('2 files');
    expect(await page.getByTestId('import-job').innerText()).toContain('0 B copied');
    await page.getByText('Files and their hashes').click();
    await page.getByText(sha(lora)).first().waitFor();
    const loras = page.getByTestId('models-lora');
    await loras
      .getByText('watercolor-style.safetensors', { exact: true })
      .waitFor({ timeout: 10_000 });
    await loras.getByText(sha(lora)).waitFor();
    await page.getByTestId('models-gguf').getByText(sha(gguf)).waitFor();
    // In place: the user's file is the store's blob (one inode), not a copy.
    const original = await stat(path.join(userFolder, 'Lora', 'watercolor-style.safetensors'));
    expect(original.nlink).toBe(3);
  }, 90_000);

  it('refuses to delete a model while the app using it runs, naming the app', async () => {
    const { page } = watched;
    const events = await collectEvents(e2e.server.url);
    try {
      await e2e.call('apps.install', { source: e2e.repo.dir });
      await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'installed');
    } finally {
      events.close();
    }
    const own = path.join(e2e.server.home, 'api', 'hello-app', 'models', 'checkpoints');
    await mkdir(own, { recursive: true });
    await writeFile(path.join(own, 'dreamshaper-8.safetensors'), appModel);
    // The app's own download is taken into the drive from the page.
    await page.reload();
    const adopt = page.getByRole('region', { name: 'Models an app downloaded itself' });
    await adopt.getByLabel('App').selectOption('hello-app');
    await adopt.getByRole('button', { name: 'Take its models into the drive' }).click();
    await adopt
      .getByTestId('adopt-result')
      .getByText(/^1 file \(/)
      .waitFor({ timeout: 15_000 });
    expect((await stat(path.join(own, 'dreamshaper-8.safetensors'))).nlink).toBeGreaterThan(1);
    await e2e.call('apps.start', { name: 'hello-app' });
    await page.reload();
    const row = page.getByTestId('model-item').filter({ hasText: 'dreamshaper-8.safetensors' });
    await row.getByTestId('model-apps').getByText('hello-app').waitFor({ timeout: 15_000 });
    // Delete waits while the app that uses it runs, and says why; the engine refuses the same delete.
    await row
      .getByTestId('model-hold')
      .getByText('In use by hello-app, which is running: stop it to delete this model.')
      .waitFor({ timeout: 10_000 });
    expect(await row.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    const item = (await e2e.call('models.list')).items.find((i) => i.sha256 === sha(appModel))!;
    await expect(e2e.call('models.delete', { id: item.id })).rejects.toThrow(/in use by hello-app/);
    await screenshot(page, 'models-wide-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'models-wide-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'models-phone-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'models-phone-light');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 900 });

    await e2e.call('apps.stop', { name: 'hello-app' });
    await page.reload();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    const lib = await e2e.call('models.list');
    expect(lib.items.some((i) => i.sha256 === sha(appModel))).toBe(false);
  }, 120_000);

  it('reads a Pinokio home and lists its apps', async () => {
    const { page } = watched;
    await page.getByLabel('Folder to import (absolute path)').fill(pinokioHome);
    await page.getByRole('button', { name: 'Open Pinokio home' }).click();
    await page
      .getByTestId('pinokio-home')
      .getByText('1 apps: ComfyUI')
      .waitFor({ timeout: 10_000 });
    await page.getByLabel('Folder to import (absolute path)').fill(path.join(pinokioHome, 'nope'));
    await page.getByRole('button', { name: 'Import folder' }).click();
    await page
      .getByRole('alert')
      .getByText(/nope: no such folder/)
      .waitFor({ timeout: 10_000 });
    expect(watched.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
  }, 60_000);
});
