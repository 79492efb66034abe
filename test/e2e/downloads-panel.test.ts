// The downloads panel in Chromium: size, rate, ETA and state per item, Pause/Resume, Cancel and Retry as the state
// allows, a paused download still paused after Hangar restarts, at desktop and phone widths.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { writeTestConfig } from '../helpers/port-range';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshot, type WatchedPage } from './helpers/browser';

let home: string;
let server: ServerProcess;
let files: FileServer;
let browser: Browser;
let desktop: WatchedPage;

const body = Buffer.alloc(8 * 1024 * 1024, 3);

beforeAll(async () => {
  await ensureBuilt();
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-dlpanel-'));
  await writeTestConfig(home);
  [server, files, browser] = await Promise.all([
    spawnServer({ home }),
    startFileServer(),
    launchBrowser(),
  ]);
  // 128 chunks of 64 KiB, 80 ms apart: about ten seconds, long enough to act on it.
  files.files.set('/sd-xl-base.safetensors', { body, etag: '"sd"', delayMs: 80 });
  desktop = await openPage(browser, { width: 1366, height: 900 });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await files?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

const item = (page: Page, name: string) =>
  page.getByTestId('download-item').filter({ hasText: name });

async function stateOf(page: Page, name: string, state: string): Promise<void> {
  await page
    .locator(`[data-testid="download-item"][data-state="${state}"]`)
    .filter({ hasText: name })
    .waitFor({ timeout: 20_000 });
}

describe('the downloads panel', () => {
  it('pauses, resumes, cancels and retries a download, one button per action', async () => {
    const { page } = desktop;
    await page.goto(server.url);
    const { id } = await server.rpc('downloads.start', {
      url: files.url('/sd-xl-base.safetensors'),
      dest: 'drive/models/checkpoints/sd-xl-base.safetensors',
    });
    await server.rpc('downloads.start', {
      url: files.url('/missing-lora.safetensors'),
      dest: 'drive/models/loras/missing-lora.safetensors',
    });
    const sd = item(page, 'sd-xl-base.safetensors');
    await stateOf(page, 'sd-xl-base', 'downloading');
    await sd.getByText(/\/s · .* left/).waitFor({ timeout: 20_000 });
    expect(await sd.innerText()).toMatch(/of 8(\.0)? MB/);
    expect(await sd.getByRole('button').allInnerTexts()).toEqual(['Pause', 'Cancel']);
    await stateOf(page, 'missing-lora', 'failed');
    const lora = item(page, 'missing-lora');
    expect(await lora.getByRole('button').allInnerTexts()).toEqual(['Retry']);
    expect(await lora.innerText()).toContain('HTTP 404');
    await screenshot(page, 'downloads-panel-1366-downloading');

    await sd.getByRole('button', { name: 'Pause' }).click();
    await stateOf(page, 'sd-xl-base', 'paused');
    expect(await sd.getByRole('button').allInnerTexts()).toEqual(['Resume', 'Cancel']);
    const pausedAt = (await server.rpc('downloads.list')).find((d) => d.id === id)!.bytes;
    expect(pausedAt).toBeGreaterThan(0);
    expect(pausedAt).toBeLessThan(body.length);
    expect(await page.getByTestId('downloads-panel').locator('summary').innerText()).toContain(
      '1 paused',
    );
    await screenshot(page, 'downloads-panel-1366-paused');

    await sd.getByRole('button', { name: 'Resume' }).click();
    await stateOf(page, 'sd-xl-base', 'downloading');
    expect(files.requestsFor('/sd-xl-base.safetensors').at(-1)?.headers.range).toMatch(
      /^bytes=[1-9]\d*-$/,
    );
    await sd.getByRole('button', { name: 'Cancel' }).click();
    await stateOf(page, 'sd-xl-base', 'cancelled');
    expect(await sd.getByRole('button').allInnerTexts()).toEqual(['Retry']);
    await sd.getByRole('button', { name: 'Retry' }).click();
    await stateOf(page, 'sd-xl-base', 'downloading');
    await sd.getByRole('button', { name: 'Pause' }).click();
    await stateOf(page, 'sd-xl-base', 'paused');
    expect(desktop.errors).toEqual([]);
  }, 120_000);

  it('shows a paused download as paused after Hangar restarts, and at phone width', async () => {
    await server.stop();
    server = await spawnServer({ home });
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.page.goto(server.url);
    await stateOf(phone.page, 'sd-xl-base', 'paused');
    await stateOf(phone.page, 'missing-lora', 'failed');
    const sd = item(phone.page, 'sd-xl-base.safetensors');
    expect(await sd.getByRole('button').allInnerTexts()).toEqual(['Resume', 'Cancel']);
    // The panel fits the phone's width, and its buttons stay inside it.
    const panel = (await phone.page.getByTestId('downloads-panel').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(390);
    const resume = (await sd.getByRole('button', { name: 'Resume' }).boundingBox())!;
    expect(resume.x + resume.width).toBeLessThanOrEqual(panel.x + panel.width);
    await screenshot(phone.page, 'downloads-panel-390-after-restart');
    await sd.getByRole('button', { name: 'Resume' }).click();
    await stateOf(phone.page, 'sd-xl-base', 'done');
    expect(phone.errors).toEqual([]);
  }, 180_000);
});
