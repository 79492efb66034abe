// The web UI end to end in Chromium: install from Discover, watch logs, start/open/stop, answer input, logs replay, screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../helpers/spawn-server';
import { openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const e2e = withServerAndBrowser(path.join(repoRoot, 'test/fixtures/launchers/hello-app'));
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  watched = await openPage(e2e.browser, WIDE);
  page = watched.page;
});

// Runs before the shared teardown stops the server; the server may already be gone, and that teardown ends it anyway.
afterAll(() => e2e.call('apps.stop', { name: 'hello-app' }).catch(() => undefined));

const logView = () => page.getByTestId('log-view');

describe('the web UI with a real server and a fixture launcher', () => {
  it('installs the fixture from Discover by path and streams the install log', async () => {
    await page.goto(`${e2e.server.url}/discover`);
    await page.getByLabel('Install from a git URL or path').fill(e2e.repo.dir);
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await page.waitForURL(/\/manage\/hello-app\?run=/, { timeout: 20_000 });
    await logView().getByText('installing hello-app').first().waitFor({ timeout: 30_000 });
    await page
      .locator('[data-testid="state-badge"][data-state="installed"]')
      .waitFor({ timeout: 30_000 });
    await screenshotSchemes(page, 'manage-installed-wide');
    expect(watched.errors).toEqual([]);
  }, 60_000);

  it('lists the app in the Library with its state and Start action', async () => {
    await page.goto(`${e2e.server.url}/`);
    const card = page.getByTestId('app-card-hello-app');
    await card.getByText('Hello App').waitFor();
    expect(await card.getByTestId('state-badge').getAttribute('data-state')).toBe('installed');
    await card.getByRole('button', { name: 'Start' }).waitFor();
    // The launcher's own icon file, served by Hangar, not the letter tile.
    const icon = card.locator('img[src="/_hangar/icons/hello-app"]');
    await expect
      .poll(() => icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 10_000,
      })
      .toBe(32);
    await screenshotSchemes(page, 'library-wide');
  });

  it('starts the app from its menu, opens it through /apps/hello-app/ and embeds it', async () => {
    await page.goto(`${e2e.server.url}/manage/hello-app`);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page
      .locator('[data-testid="state-badge"][data-state="running"]')
      .waitFor({ timeout: 30_000 });
    await logView()
      .getByText(/Hello app listening on/)
      .waitFor({ timeout: 10_000 });
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: 'Open Web UI' }).first().click(),
    ]);
    await tab.waitForLoadState();
    // /apps/hello-app/ leads to the app at the root of its own origin.
    expect(tab.url()).toBe(`http://hello-app.localhost:${new URL(e2e.server.url).port}/`);
    await tab.getByText('Hello from hello-app').waitFor();
    await tab.close();
    await page.getByRole('button', { name: 'Embedded view' }).click();
    await page
      .frameLocator('iframe[title="hello-app web UI"]')
      .getByText('Hello from hello-app')
      .waitFor();
    await screenshotSchemes(page, 'manage-running-wide');
  }, 60_000);

  it('replays the log after a reload', async () => {
    await page.reload();
    await logView()
      .getByText(/Hello app listening on/)
      .waitFor({ timeout: 10_000 });
  });

  it('shows the running state on the Library card without a reload, then stops the app', async () => {
    await page.goto(`${e2e.server.url}/`);
    const card = page.getByTestId('app-card-hello-app');
    await card.locator('[data-state="running"]').waitFor();
    await card.getByRole('button', { name: 'Stop' }).click();
    await card.locator('[data-state="stopped"]').waitFor({ timeout: 20_000 });
    await screenshotSchemes(page, 'library-stopped-wide');
  }, 30_000);

  it('answers the input form of ask.json and sees the answer in the log', async () => {
    await page.goto(`${e2e.server.url}/manage/hello-app`);
    await page.getByRole('button', { name: 'Ask a question' }).click();
    const form = page.getByTestId('input-form');
    await form.getByText('Who are you?').waitFor({ timeout: 30_000 });
    // While the question waits, the app says so, and Update waits for it with the reason.
    const waiting = page.locator('[data-testid="state-badge"][data-activity="waiting"]');
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.innerText()).toBe('waiting for your answer');
    expect(await page.getByTestId('maintenance-hold').innerText()).toBe(
      '“Ask a question” is waiting for your answer: let it end, or stop it.',
    );
    // The run is named in the menu's words, its file beside them.
    expect(await page.locator('#runs-heading + ul li').first().innerText()).toMatch(
      /^Ask a question\s*ask\.json\s*waiting/,
    );
    expect(await page.getByRole('button', { name: 'Update', exact: true }).isDisabled()).toBe(true);
    // The Library card leads to the question.
    await page.goto(`${e2e.server.url}/`);
    const card = page.getByTestId('app-card-hello-app');
    await card.locator('[data-activity="waiting"]').waitFor();
    await screenshotSchemes(page, 'library-waiting-wide');
    await card.getByRole('link', { name: 'Answer' }).click();
    await page.waitForURL(/\/manage\/hello-app\?run=/);
    await form.getByLabel('Name').fill('Ada Lovelace');
    await screenshotSchemes(page, 'manage-input-wide');
    await form.getByRole('button', { name: 'Submit' }).click();
    await logView().getByText('hello Ada Lovelace').waitFor({ timeout: 10_000 });
    await page
      .locator('[data-testid="run-status"][data-status="finished"]')
      .waitFor({ timeout: 10_000 });
    expect(await form.count()).toBe(0);
    const idle = page.locator(
      '[data-testid="state-badge"][data-state="stopped"]:not([data-activity])',
    );
    await idle.waitFor({ timeout: 10_000 });
    expect(await idle.innerText()).toBe('not running');
  }, 60_000);

  it('renders every page at phone width without console errors', async () => {
    const phone = await openPage(e2e.browser, PHONE);
    for (const [route, name] of [
      ['/', 'library'],
      ['/discover', 'discover'],
      ['/manage/hello-app', 'manage'],
      ['/terminals', 'terminals'],
      ['/settings', 'settings'],
    ] as const) {
      await phone.page.goto(`${e2e.server.url}${route}`);
      await phone.page.getByRole('heading', { level: 1 }).first().waitFor();
      await phone.page.waitForLoadState('networkidle');
      await screenshotSchemes(phone.page, `${name}-phone`);
      await phone.page.setViewportSize(WIDE);
      await screenshotSchemes(phone.page, `${name}-wide`);
      await phone.page.setViewportSize(PHONE);
    }
    await phone.page.context().close();
    expect(phone.errors).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 60_000);
});
