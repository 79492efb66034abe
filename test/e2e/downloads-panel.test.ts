// The downloads panel in Chromium: size, rate, ETA and state per item, Pause/Resume, Cancel and Retry as the state
// allows, a paused download still paused after Hangar restarts, at desktop and phone widths; at phone width a badge
// that leaves an install log's last line uncovered until the user opens it. Toasts beside it and its folding are in
// downloads-panel-placement.test.ts.
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes';
import { spawnServer } from '../helpers/spawn-server';
import { openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';
import {
  downloadItem as item,
  downloadStateIs as stateOf,
  SLOW_MODEL as body,
  startDownloadsWorld,
  type DownloadsWorld,
} from './helpers/downloads-world';

let world: DownloadsWorld;
let desktop: WatchedPage;
const helloApp = path.resolve(__dirname, '../fixtures/launchers/hello-app');

beforeAll(async () => {
  world = await startDownloadsWorld();
  desktop = await openPage(world.browser, { width: 1366, height: 900 });
}, 600_000);
afterAll(async () => {
  await world?.close();
});

describe('the downloads panel', () => {
  it('pauses, resumes, cancels and retries a download, one button per action', async () => {
    const { page } = desktop;
    await page.goto(world.server.url);
    const { id } = await world.server.rpc('downloads.start', {
      url: world.files.url('/sd-xl-base.safetensors'),
      dest: 'drive/models/checkpoints/sd-xl-base.safetensors',
    });
    await world.server.rpc('downloads.start', {
      url: world.files.url('/missing-lora.safetensors'),
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
    // What the 404 means, in plain words; no "0 B" or empty bar for a file that never began.
    expect(await lora.getByTestId('download-advice').innerText()).toContain(
      'The file is not at this address',
    );
    expect(await lora.innerText()).not.toContain('0 B');
    expect(await lora.getByRole('progressbar').count()).toBe(0);
    await screenshotSchemes(page, 'downloads-panel-1366-downloading');

    await sd.getByRole('button', { name: 'Pause' }).click();
    await stateOf(page, 'sd-xl-base', 'paused');
    expect(await sd.getByRole('button').allInnerTexts()).toEqual(['Resume', 'Cancel']);
    const pausedAt = (await world.server.rpc('downloads.list')).find((d) => d.id === id)!.bytes;
    expect(pausedAt).toBeGreaterThan(0);
    expect(pausedAt).toBeLessThan(body.length);
    expect(await page.getByTestId('downloads-panel').locator('summary').innerText()).toContain(
      '1 paused',
    );
    await screenshotSchemes(page, 'downloads-panel-1366-paused');

    const requested = world.files.requestsFor('/sd-xl-base.safetensors').length;
    await sd.getByRole('button', { name: 'Resume' }).click();
    await stateOf(page, 'sd-xl-base', 'downloading');
    // The item reads downloading once the transfer is queued again; its request follows, from where it stopped.
    await waitFor(
      () => world.files.requestsFor('/sd-xl-base.safetensors').length > requested,
      'the resumed request',
      20_000,
    );
    expect(world.files.requestsFor('/sd-xl-base.safetensors').at(-1)?.headers.range).toMatch(
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
    await world.server.stop();
    world.server = await spawnServer({ home: world.home });
    const phone = await openPage(world.browser, { width: 390, height: 844 });
    await phone.page.goto(world.server.url);
    // At phone width the panel is a badge until opened.
    await phone.page.getByTestId('downloads-panel').locator('summary').click();
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
    await screenshotSchemes(phone.page, 'downloads-panel-390-after-restart');
    await sd.getByRole('button', { name: 'Resume' }).click();
    await stateOf(phone.page, 'sd-xl-base', 'done');
    expect(phone.errors).toEqual([]);
  }, 180_000);

  it('at phone width stays a badge beside an install log, whose last line is not covered', async () => {
    // A launcher whose install prints more lines than the log shows at once, so its last line is at the log's bottom.
    const launcher = path.join(world.home, 'chatty-launcher');
    await cp(helloApp, launcher, { recursive: true });
    await writeFile(
      path.join(launcher, 'install.json'),
      JSON.stringify({
        run: [
          {
            method: 'shell.run',
            params: {
              message: `node -e "for (let i = 1; i <= 60; i++) console.log('install line ' + i)"`,
            },
          },
        ],
      }),
    );
    const { runId } = await world.server.rpc('apps.install', {
      source: launcher,
      name: 'hello-app',
    });
    await waitFor(
      async () => (await world.server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
      'hello-app installed',
      60_000,
    );
    const { page, errors } = await openPage(world.browser, { width: 390, height: 844 });
    await page.goto(`${world.server.url}/manage/hello-app?run=${runId}`);
    const log = page.getByTestId('log-view');
    await log.getByText('install line 60', { exact: true }).waitFor({ timeout: 20_000 });
    // A download starting while the log is read leaves the panel a badge at this width.
    await world.server.rpc('downloads.start', {
      url: world.files.url('/sd-xl-base.safetensors'),
      dest: 'drive/models/checkpoints/sd-xl-again.safetensors',
    });
    const panel = page.getByTestId('downloads-panel');
    await panel.locator('summary').getByText('1 active').waitFor({ timeout: 20_000 });
    expect(await panel.getAttribute('data-collapsed')).toBe('true');
    expect((await panel.boundingBox())!.height).toBeLessThan(60);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const lastLine = log.locator(':scope > div > div').last();
    const covered = () =>
      lastLine.evaluate((line) => {
        const box = line.getBoundingClientRect();
        const text = line.querySelector('span')?.getBoundingClientRect() ?? box;
        const y = box.top + box.height / 2;
        // The line's start, its text's middle and its end: each must be the line itself, not something over it.
        const xs = [box.left + 4, text.left + text.width / 2, box.right - 4];
        return {
          inView: box.top >= 0 && box.bottom <= window.innerHeight,
          hits: xs.map((x) => line.contains(document.elementFromPoint(x, y))),
        };
      });
    expect(await lastLine.innerText()).toBe('install line 60');
    expect(await covered()).toEqual({ inView: true, hits: [true, true, true] });
    await screenshotSchemes(page, 'downloads-panel-390-badge-over-install-log');
    // A notify toast at this width stands above the badge, which stays uncovered.
    await writeFile(
      path.join(world.home, 'api/hello-app/notify.json'),
      JSON.stringify({ run: [{ method: 'notify', params: { html: 'A toast above the badge' } }] }),
    );
    await world.server.rpc('scripts.run', { name: 'hello-app', script: 'notify.json' });
    const toast = page.getByTestId('toast').filter({ hasText: 'A toast above the badge' });
    await toast.waitFor({ timeout: 15_000 });
    await waitFor(
      async () =>
        (await toast.boundingBox())!.y + (await toast.boundingBox())!.height <=
        (await panel.boundingBox())!.y,
      'the toast above the badge',
      5000,
    );
    const badge = (await panel.locator('summary').boundingBox())!;
    expect(
      await panel.evaluate(
        (details, [x, y]) => details.contains(document.elementFromPoint(x!, y!)),
        [badge.x + badge.width / 2, badge.y + badge.height / 2],
      ),
    ).toBe(true);
    await screenshotSchemes(page, 'downloads-panel-390-toast-above-badge');
    // Opened by the user it is the full panel again.
    await panel.locator('summary').click();
    await panel.getByTestId('download-item').first().waitFor();
    expect(await panel.getAttribute('data-collapsed')).toBeNull();
    await screenshotSchemes(page, 'downloads-panel-390-open-over-install-log');
    expect(errors).toEqual([]);
  }, 120_000);
});
