// The dashboard's launch options in Chromium: set arguments, environment and a fixed port, start the app, see that
// the real app got them; a bad port is refused in place. Screenshots at wide and phone width, light and dark.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import getPort from 'get-port';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, type WatchedPage } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';
import { waitFor } from '../helpers/processes';

/** The toasts' auto-dismiss (components/ui/toasts.tsx). */
const TOAST_MS = 10_000;
const e2e = withServerAndBrowser(path.join(__dirname, '../fixtures/launchers/hello-app'));

let watched: WatchedPage;

beforeAll(async () => {
  watched = await openPage(e2e.browser, { width: 1366, height: 900 });
  await e2e.call('apps.install', { source: e2e.repo.dir, name: 'hello-app' });
  await waitFor(
    async () => (await e2e.call('apps.get', { name: 'hello-app' })).state === 'installed',
    'the install',
    60_000,
  );
}, 90_000);

describe('launch options on the dashboard', () => {
  it('saves arguments, environment and a port that the started app then has', async () => {
    const { page, errors } = watched;
    await page.goto(`${e2e.server.url}/manage/hello-app`);
    const panel = page.getByRole('region', { name: 'Launch options' });
    await panel.waitFor({ timeout: 20_000 });
    await waitFor(
      async () => (await page.title()) === 'Hello App — Hangar',
      'the page title',
      10_000,
    );
    expect(await panel.locator('summary').innerText()).toContain('defaults');
    await panel.locator('summary').click();
    // No cluster in config.json: no "Runs on" choice, a pointer to Settings' Cluster panel instead.
    expect(await panel.getByRole('link', { name: 'Settings → Cluster' }).getAttribute('href')).toBe(
      '/settings#settings-cluster',
    );
    expect(await panel.getByLabel('Slurm cluster').count()).toBe(0);
    await panel.getByLabel('Port').fill('not a port');
    await panel.getByRole('button', { name: 'Save launch options' }).click();
    await panel
      .getByRole('alert')
      .getByText(/Port: a number/)
      .waitFor();

    const port = await getPort();
    await panel.getByLabel('Arguments').fill('--greeting\nhello there');
    await panel.getByLabel('Environment').fill('HELLO_ROOT_PATH=/from-options');
    await panel.getByLabel('Port').fill(String(port));
    await panel.getByLabel('Start with Hangar').check();
    await panel.getByRole('button', { name: 'Save launch options' }).click();
    await panel.getByRole('status').getByText('Saved.').waitFor({ timeout: 10_000 });
    expect((await e2e.call('apps.get', { name: 'hello-app' })).launch).toEqual({
      args: ['--greeting', 'hello there'],
      env: { HELLO_ROOT_PATH: '/from-options' },
      port,
      autostart: true,
    });
    for (const [width, height, size] of [
      [1366, 900, 'wide'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await panel.scrollIntoViewIfNeeded();
        await screenshot(page, `launch-options-${size}-${scheme}`);
      }
    }
    // The navigation holds one line at phone width.
    await page.setViewportSize({ width: 390, height: 844 });
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all();
    const middles = await Promise.all(
      links.map(async (l) => {
        const box = await l.boundingBox();
        return box ? Math.round((box.y + box.height / 2) / 8) : -1;
      }),
    );
    expect(links.length).toBe(6);
    expect(new Set(middles).size).toBe(1);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${e2e.server.url}/discover`);
    expect(await page.title()).toBe('Discover — Hangar');
    await page.goto(`${e2e.server.url}/manage/hello-app`);
    await panel
      .locator('summary')
      .getByText(`2 arguments · 1 environment variable · port ${port} · starts with Hangar`)
      .waitFor({ timeout: 15_000 });

    const started = await e2e.call('apps.start', { name: 'hello-app' });
    expect(started.port).toBe(port);
    const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(html).toContain('<p id="args">--greeting hello there</p>');
    expect(html).toContain('<p id="root">/from-options</p>');
    await e2e.call('apps.stop', { name: 'hello-app' });
    expect(errors).toEqual([]);
  }, 90_000);
});

const SIZES = [
  [1366, 900, 'wide'],
  [390, 844, 'phone'],
] as const;

describe('Discover and the 404 page', () => {
  it('shows every catalog icon as a loaded image', async () => {
    const { page } = await openPage(e2e.browser, { width: 1366, height: 900 });
    await page.goto(`${e2e.server.url}/discover`);
    const icons = page.locator('img[src^="/catalog-icons/"]');
    await icons.first().waitFor({ timeout: 20_000 });
    const catalog = await e2e.call('catalog.list');
    expect(await icons.count()).toBe(catalog.length);
    // Each icon is decoded (or has failed) once `decode()` settles; a broken file rejects.
    const loaded = await icons.evaluateAll((imgs) =>
      Promise.all(
        imgs.map((img) =>
          (img as HTMLImageElement).decode().then(
            () => (img as HTMLImageElement).naturalWidth,
            () => 0,
          ),
        ),
      ),
    );
    expect(loaded.every((w) => w > 0)).toBe(true);
    for (const [width, height, size] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await screenshot(page, `discover-icons-${size}-${scheme}`);
      }
    }
    await page.context().close();
  }, 60_000);

  it('answers /apps/<unknown>/ with a 404 page whose link leads to Discover', async () => {
    const { page } = await openPage(e2e.browser, { width: 1366, height: 900 });
    const response = await page.goto(`${e2e.server.url}/apps/no-such-app/`);
    expect(response?.status()).toBe(404);
    expect(await page.title()).toBe('no-such-app · not found — Hangar');
    await page.getByRole('heading', { level: 1, name: 'No app named no-such-app' }).waitFor();
    for (const [width, height, size] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await screenshot(page, `app-404-${size}-${scheme}`);
      }
    }
    await page.getByRole('link', { name: 'Find apps to install in Discover' }).click();
    await page.waitForURL(`${e2e.server.url}/discover`);
    await page.getByRole('heading', { name: 'Discover' }).waitFor({ timeout: 20_000 });
    await page.context().close();
  }, 60_000);
});

describe('notify and web.open in the browser', () => {
  it("shows a notify toast and a web.open link rewritten to the app's /apps/<name>/ address", async () => {
    const { page, errors } = await openPage(e2e.browser, { width: 1366, height: 900 });
    await writeFile(
      path.join(e2e.server.home, 'api/hello-app/open.json'),
      JSON.stringify({
        run: [
          { method: 'notify', params: { html: 'Hello from <b>notify</b>' } },
          { method: 'web.open', params: { uri: '{{args.url}}' } },
        ],
      }),
    );
    await e2e.call('apps.configure', { name: 'hello-app', port: null, autostart: false });
    const started = await e2e.call('apps.start', { name: 'hello-app' });
    await page.goto(`${e2e.server.url}/manage/hello-app`);
    await page.getByRole('region', { name: 'Launch options' }).waitFor({ timeout: 20_000 });
    const { runId } = await e2e.call('scripts.run', {
      name: 'hello-app',
      script: 'open.json',
      params: { url: `http://127.0.0.1:${started.port}/deep/page?q=1` },
    });
    await page.getByText('Hello from notify').waitFor({ timeout: 15_000 });
    const opened = page.getByRole('link', { name: '/apps/hello-app/deep/page?q=1' });
    await opened.waitFor({ timeout: 15_000 });
    expect(await opened.getAttribute('href')).toBe('/apps/hello-app/deep/page?q=1');
    expect((await page.getByTestId('toast').allInnerTexts()).join('\n')).not.toContain('127.0.0.1');
    for (const [width, height, size] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await screenshot(page, `notify-web-open-${size}-${scheme}`);
      }
    }
    // The run wrote nothing to its log: once it has ended, its log says so instead of waiting.
    await page.goto(`${e2e.server.url}/manage/hello-app?run=${runId}`);
    await page
      .getByTestId('run-panel')
      .getByText('This run wrote no output.')
      .waitFor({ timeout: 15_000 });
    await e2e.call('apps.stop', { name: 'hello-app' });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('notify toasts', () => {
  it('wait while hovered or focused, and the page ends with room to scroll its last part above them', async () => {
    const { page, errors } = await openPage(e2e.browser, { width: 1366, height: 900 });
    await page.clock.install();
    await writeFile(
      path.join(e2e.server.home, 'api/hello-app/notify.json'),
      JSON.stringify({ run: [{ method: 'notify', params: { html: '{{args.html}}' } }] }),
    );
    const toast = (html: string) => page.getByTestId('toast').filter({ hasText: html });
    const notify = async (html: string) => {
      await e2e.call('scripts.run', { name: 'hello-app', script: 'notify.json', params: { html } });
      await toast(html).waitFor({ timeout: 15_000 });
    };
    const held = page.locator('[data-testid="toasts"][data-held]');
    const free = page.locator('[data-testid="toasts"]:not([data-held])');
    await page.goto(`${e2e.server.url}/manage/hello-app`);
    await page.getByRole('region', { name: 'Launch options' }).waitFor({ timeout: 20_000 });

    await notify('Held while hovered');
    await toast('Held while hovered').hover();
    await held.waitFor();
    await page.clock.fastForward(TOAST_MS + 2000);
    expect(await toast('Held while hovered').count()).toBe(1);
    await page.mouse.move(10, 10);
    await free.waitFor();
    await page.clock.fastForward(TOAST_MS);
    await toast('Held while hovered').waitFor({ state: 'detached', timeout: 5000 });

    await notify('Held while focused');
    await toast('Held while focused').getByRole('button', { name: 'Dismiss' }).focus();
    await held.waitFor();
    await page.clock.fastForward(TOAST_MS + 2000);
    expect(await toast('Held while focused').count()).toBe(1);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await free.waitFor();
    await page.clock.fastForward(TOAST_MS);
    await toast('Held while focused').waitFor({ state: 'detached', timeout: 5000 });

    // A new load of the page: the fake clock's jumps above add up to about Socket.IO's ping timeout (25 + 20 s), past
    // which the page's socket is closed and hears no more notify events.
    await page.reload();
    await page.getByRole('region', { name: 'Launch options' }).waitFor({ timeout: 20_000 });
    await notify('First of two');
    await notify('Second of two, with a longer line that wraps at phone width');
    for (const [width, height] of [
      [1366, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      // Scrolled to its end, the page's last part (the footer) ends above the stack of toasts.
      await waitFor(
        () =>
          page.evaluate(() => {
            window.scrollTo(0, document.documentElement.scrollHeight);
            const footer = document.querySelector('body > footer')!.getBoundingClientRect();
            const stack = document.querySelector('[data-testid="toasts"]')!.getBoundingClientRect();
            return stack.height > 0 && footer.bottom <= stack.top;
          }),
        `the footer clear of the toasts at ${width}px`,
        5000,
      );
      await screenshot(page, `notify-toasts-page-end-${width}`);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('Settings at phone width', () => {
  it("keeps each section's title and description on full lines, its buttons below them", async () => {
    const { page } = await openPage(e2e.browser, { width: 390, height: 844 });
    await page.goto(`${e2e.server.url}/settings`);
    const doctor = page.getByRole('heading', { name: 'Doctor', exact: true });
    await doctor.waitFor({ timeout: 20_000 });
    const description = page.getByTestId('settings-doctor').locator('p').first();
    const box = await description.boundingBox();
    // One word per line would leave the description a sliver of the 390 px screen.
    expect(box!.width).toBeGreaterThan(250);
    expect(await page.title()).toBe('Settings — Hangar');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('settings-doctor').scrollIntoViewIfNeeded();
      await screenshot(page, `settings-phone-${scheme}`);
    }
    await page.context().close();
  }, 60_000);
});
