// The downloads panel beside other things in Chromium: a toast stands above the open panel where the window is too
// narrow for both, else beside it, and the page's end stays clear of both; a panel that opened by itself folds 5 s
// after its last download ends (not while hovered), one the user opened stays open.
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes';
import { openPage, screenshotSchemes } from './helpers/browser';
import {
  downloadStateIs as stateOf,
  noDownloadMoving,
  startDownloadsWorld,
  type DownloadsWorld,
} from './helpers/downloads-world';

/** How long a panel that opened by itself waits to fold (components/downloads/downloads-panel.tsx). */
const FOLD_AFTER_MS = 5000;
const helloApp = path.resolve(__dirname, '../fixtures/launchers/hello-app');

let world: DownloadsWorld;

beforeAll(async () => {
  world = await startDownloadsWorld();
  // An installed app to notify from, and a download that failed, so the panel has an item when a page opens.
  const launcher = path.join(world.home, 'hello-launcher');
  await cp(helloApp, launcher, { recursive: true });
  await world.server.rpc('apps.install', { source: launcher, name: 'hello-app' });
  await world.server.rpc('downloads.start', {
    url: world.files.url('/missing-lora.safetensors'),
    dest: 'drive/models/loras/missing-lora.safetensors',
  });
  await waitFor(
    async () => (await world.server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
    'hello-app installed',
    60_000,
  );
  await noDownloadMoving(world.server);
}, 600_000);
afterAll(async () => {
  await world?.close();
});

describe('the downloads panel beside toasts and on its own', () => {
  it('puts a toast above the open panel where the window is too narrow for both side by side, else beside it', async () => {
    await noDownloadMoving(world.server);
    // The open panel reaches 464 px from the left and the stack is 384 px wide with 16 px margins: at 800 px they
    // would meet, at 1366 px they stand side by side.
    const widths = [
      { width: 800, above: true },
      { width: 1366, above: false },
    ];
    const pages = await Promise.all(
      widths.map(({ width }) => openPage(world.browser, { width, height: 900 })),
    );
    for (const { page } of pages) {
      await page.goto(world.server.url);
      await page.getByTestId('download-item').first().waitFor();
      expect(await page.getByTestId('downloads-panel').getAttribute('data-collapsed')).toBeNull();
    }
    await writeFile(
      path.join(world.home, 'api/hello-app/notify.json'),
      JSON.stringify({ run: [{ method: 'notify', params: { html: 'A toast by the panel' } }] }),
    );
    await world.server.rpc('scripts.run', { name: 'hello-app', script: 'notify.json' });
    for (const [i, { page, errors }] of pages.entries()) {
      const { width, above } = widths[i]!;
      const toast = page.getByTestId('toast').filter({ hasText: 'A toast by the panel' });
      await toast.waitFor({ timeout: 15_000 });
      const panel = page.getByTestId('downloads-panel');
      await waitFor(
        async () => {
          const [t, p] = [(await toast.boundingBox())!, (await panel.boundingBox())!];
          if (above) return t.y + t.height <= p.y;
          // Beside it: right of the panel, on the window's bottom margin like the panel.
          return t.x >= p.x + p.width && Math.abs(t.y + t.height - (p.y + p.height)) < 1;
        },
        `the toast ${above ? 'above' : 'beside'} the panel at ${width} px`,
        5000,
      );
      // Scrolled to its end, the page's last part (the footer) ends above both the panel and the toast.
      await waitFor(
        () =>
          page.evaluate(() => {
            window.scrollTo(0, document.documentElement.scrollHeight);
            const top = (selector: string) =>
              document.querySelector(selector)!.getBoundingClientRect().top;
            const footer = document.querySelector('body > footer')!.getBoundingClientRect();
            return (
              footer.bottom <= top('[data-testid="downloads-panel"]') &&
              footer.bottom <= top('[data-testid="toasts"]')
            );
          }),
        `the footer clear of the panel and the toast at ${width} px`,
        5000,
      );
      await screenshotSchemes(page, `downloads-panel-${width}-toast`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 60_000);

  it('folds a panel that opened by itself 5 s after its last download ends, not while hovered', async () => {
    await noDownloadMoving(world.server);
    // Eight chunks of 64 KiB, 100 ms apart: long enough for the panel to see it move.
    world.files.files.set('/small-vae.safetensors', {
      body: Buffer.alloc(512 * 1024, 5),
      etag: '"vae"',
      delayMs: 100,
    });
    const download = async (name: string) => {
      await world.server.rpc('downloads.start', {
        url: world.files.url('/small-vae.safetensors'),
        dest: `drive/models/vae/${name}.safetensors`,
      });
      await stateOf(page, name, 'done');
    };
    const { page, errors } = await openPage(world.browser, { width: 1366, height: 900 });
    await page.clock.install();
    await page.goto(world.server.url);
    const panel = page.getByTestId('downloads-panel');
    const folded = page.locator('[data-testid="downloads-panel"][data-collapsed="true"]');
    await page.mouse.move(1000, 200);

    await download('vae-one');
    expect(await panel.getAttribute('data-collapsed')).toBeNull();
    await page.clock.fastForward(FOLD_AFTER_MS - 1000);
    expect(await panel.getAttribute('data-collapsed')).toBeNull();
    await page.clock.fastForward(1500);
    await folded.waitFor({ timeout: 5000 });

    // A download starting opens it again; hovered, it stays open past the wait, and folds once the pointer leaves.
    await world.server.rpc('downloads.start', {
      url: world.files.url('/small-vae.safetensors'),
      dest: 'drive/models/vae/vae-two.safetensors',
    });
    await panel.locator('summary').getByText('1 active').waitFor({ timeout: 20_000 });
    expect(await panel.getAttribute('data-collapsed')).toBeNull();
    await panel.hover();
    await stateOf(page, 'vae-two', 'done');
    await page.clock.fastForward(FOLD_AFTER_MS * 2);
    expect(await panel.getAttribute('data-collapsed')).toBeNull();
    await page.mouse.move(1000, 200);
    await page.clock.fastForward(FOLD_AFTER_MS + 500);
    await folded.waitFor({ timeout: 5000 });

    // Opened by the user it stays open after its downloads end.
    await panel.locator('summary').click();
    await page.mouse.move(1000, 200);
    await download('vae-three');
    await page.clock.fastForward(FOLD_AFTER_MS * 2);
    expect(await panel.getAttribute('data-collapsed')).toBeNull();
    expect(errors).toEqual([]);
  }, 120_000);
});
