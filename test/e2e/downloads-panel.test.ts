// The downloads panel in Chromium: size, rate, ETA and state per item, Pause/Resume, Cancel and Retry as the state
// allows, a paused download still paused after Hangar restarts, at desktop and phone widths; at phone width a badge
// that leaves an install log's last line uncovered until the user opens it.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { writeTestConfig } from '../helpers/port-range';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { waitFor } from '../helpers/processes';
import { launchBrowser, openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';

let home: string;
let server: ServerProcess;
let files: FileServer;
let browser: Browser;
let desktop: WatchedPage;

/** How long a panel that opened by itself waits to fold (components/downloads/downloads-panel.tsx). */
const FOLD_AFTER_MS = 5000;
const MOVING = ['queued', 'downloading', 'verifying'];
const body = Buffer.alloc(8 * 1024 * 1024, 3);
const helloApp = path.resolve(__dirname, '../fixtures/launchers/hello-app');

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
    const pausedAt = (await server.rpc('downloads.list')).find((d) => d.id === id)!.bytes;
    expect(pausedAt).toBeGreaterThan(0);
    expect(pausedAt).toBeLessThan(body.length);
    expect(await page.getByTestId('downloads-panel').locator('summary').innerText()).toContain(
      '1 paused',
    );
    await screenshotSchemes(page, 'downloads-panel-1366-paused');

    const requested = files.requestsFor('/sd-xl-base.safetensors').length;
    await sd.getByRole('button', { name: 'Resume' }).click();
    await stateOf(page, 'sd-xl-base', 'downloading');
    // The item reads downloading once the transfer is queued again; its request follows, from where it stopped.
    await waitFor(
      () => files.requestsFor('/sd-xl-base.safetensors').length > requested,
      'the resumed request',
      20_000,
    );
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
    const launcher = path.join(home, 'chatty-launcher');
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
    const { runId } = await server.rpc('apps.install', { source: launcher, name: 'hello-app' });
    await waitFor(
      async () => (await server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
      'hello-app installed',
      60_000,
    );
    const { page, errors } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/manage/hello-app?run=${runId}`);
    const log = page.getByTestId('log-view');
    await log.getByText('install line 60', { exact: true }).waitFor({ timeout: 20_000 });
    // A download starting while the log is read leaves the panel a badge at this width.
    await server.rpc('downloads.start', {
      url: files.url('/sd-xl-base.safetensors'),
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
      path.join(home, 'api/hello-app/notify.json'),
      JSON.stringify({ run: [{ method: 'notify', params: { html: 'A toast above the badge' } }] }),
    );
    await server.rpc('scripts.run', { name: 'hello-app', script: 'notify.json' });
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

  it('puts a toast above the open panel where the window is too narrow for both side by side, else beside it', async () => {
    await waitFor(
      async () => (await server.rpc('downloads.list')).every((d) => !MOVING.includes(d.state)),
      'no download moving',
      30_000,
    );
    // The open panel reaches 464 px from the left and the stack is 384 px wide with 16 px margins: at 800 px they
    // would meet, at 1366 px they stand side by side.
    const widths = [
      { width: 800, above: true },
      { width: 1366, above: false },
    ];
    const pages = await Promise.all(
      widths.map(({ width }) => openPage(browser, { width, height: 900 })),
    );
    for (const { page } of pages) {
      await page.goto(server.url);
      await page.getByTestId('download-item').first().waitFor();
      expect(await page.getByTestId('downloads-panel').getAttribute('data-collapsed')).toBeNull();
    }
    await writeFile(
      path.join(home, 'api/hello-app/notify.json'),
      JSON.stringify({ run: [{ method: 'notify', params: { html: 'A toast by the panel' } }] }),
    );
    await server.rpc('scripts.run', { name: 'hello-app', script: 'notify.json' });
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
    await waitFor(
      async () => (await server.rpc('downloads.list')).every((d) => !MOVING.includes(d.state)),
      'no download moving',
      30_000,
    );
    // Eight chunks of 64 KiB, 100 ms apart: long enough for the panel to see it move.
    files.files.set('/small-vae.safetensors', {
      body: Buffer.alloc(512 * 1024, 5),
      etag: '"vae"',
      delayMs: 100,
    });
    const download = async (name: string) => {
      await server.rpc('downloads.start', {
        url: files.url('/small-vae.safetensors'),
        dest: `drive/models/vae/${name}.safetensors`,
      });
      await stateOf(page, name, 'done');
    };
    const { page, errors } = await openPage(browser, { width: 1366, height: 900 });
    await page.clock.install();
    await page.goto(server.url);
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
    await server.rpc('downloads.start', {
      url: files.url('/small-vae.safetensors'),
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
