// In Chromium: root-absolute assets work via Referer routing (strays of strays too), cookies reach where each app needs them, WebSockets echo, redirects and navigations stay inside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../../e2e/helpers/browser';
import { startFront, HANGAR_COOKIE, type Front } from './harness';
import { startAssetApp } from '../../fixtures/apps/asset-app';
import { startCookieApp } from '../../fixtures/apps/cookie-app';
import { startWsEchoApp } from '../../fixtures/apps/ws-echo-app';
import { startLoginApp } from '../../fixtures/apps/login-app';
import { startNotebookApp } from '../../fixtures/apps/notebook-app';
import type { FixtureApp } from '../../fixtures/apps/listen';

let front: Front;
let apps: FixtureApp[];
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  front = await startFront();
  const [assets, alpha, beta, echo, login, notebook] = await Promise.all([
    startAssetApp(),
    startCookieApp('alpha'),
    startCookieApp('beta'),
    startWsEchoApp(),
    startLoginApp(),
    startNotebookApp(),
  ]);
  apps = [assets, alpha, beta, echo, login, notebook];
  front.register('comfy', assets.port);
  front.register('shimmed', assets.port, { rewriteHtml: true, refererRouting: false });
  front.register('unshimmed', assets.port, { refererRouting: false });
  front.register('alpha', alpha.port, { refererRouting: false });
  front.register('beta', beta.port, { refererRouting: false });
  front.register('notebook', notebook.port);
  front.register('echo', echo.port);
  front.register('login', login.port);
  browser = await launchBrowser();
  context = await browser.newContext();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await front?.close();
  await Promise.all((apps ?? []).map((app) => app.close()));
});

describe('in Chromium', () => {
  it('loads a page with root-absolute assets and API calls through Referer routing', async () => {
    const page = await context.newPage();
    const missing: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) missing.push(`${res.status()} ${res.url()}`);
    });
    front.fallthrough.length = 0;
    await page.goto(`${front.url}/apps/comfy/`);
    await page.locator('#api', { hasText: 'viewed a.png' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('body').getAttribute('data-script')).toBe('loaded');
    expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).color)).toBe(
      'rgb(0, 128, 0)',
    );
    expect(missing).toEqual([]);
    expect(front.fallthrough.filter((line) => !line.includes('favicon'))).toEqual([]);
    await page.close();
  });

  it("keeps two apps' same-named cookies apart and never sends Hangar's cookie to an app", async () => {
    await context.addCookies([{ name: HANGAR_COOKIE, value: 'secret', url: front.url }]);
    const page = await context.newPage();
    await page.goto(`${front.url}/apps/alpha/set`);
    await page.goto(`${front.url}/apps/beta/set`);
    const jar = await context.cookies(front.url + '/apps/alpha/');
    expect(jar.filter((c) => c.name === 'session').map((c) => [c.value, c.path])).toEqual([
      ['alpha', '/apps/alpha/'],
    ]);
    for (const [name, own] of [
      ['alpha', 'alpha'],
      ['beta', 'beta'],
    ]) {
      await page.goto(`${front.url}/apps/${name}/get`);
      const seen = JSON.parse((await page.locator('body').innerText()).trim()) as {
        cookie: string;
      };
      expect(seen.cookie).toContain(`session=${own}`);
      expect(seen.cookie).not.toContain(own === 'alpha' ? 'session=beta' : 'session=alpha');
      expect(seen.cookie).not.toContain(HANGAR_COOKIE);
    }
    await page.close();
  });

  it("gives an app that takes strays its root-level cookies, its stylesheet's import and its links", async () => {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(`${front.url}/apps/notebook/`);
    await page.locator('#save', { hasText: '201 saved' }).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => page.locator('h1').evaluate((el) => getComputedStyle(el).color), {
        timeout: 10_000,
      })
      .toBe('rgb(0, 0, 255)');
    const jar = await context.cookies(`${front.url}/api/contents/a.ipynb`);
    expect(
      jar
        .filter((c) => c.name !== HANGAR_COOKIE)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((c) => [c.name, c.path]),
    ).toEqual([
      ['_xsrf', '/'],
      ['kernel', '/'],
    ]);
    await page.click('#tree');
    await page.locator('h1', { hasText: 'tree work' }).waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
      '/apps/notebook/tree?dir=work',
    );
    expect(failed.filter((line) => !line.includes('favicon'))).toEqual([]);
    await page.close();
  });

  it('runs a WebSocket echo through the proxy', async () => {
    const page = await context.newPage();
    await page.goto(`${front.url}/apps/echo/`);
    await page
      .locator('#out', { hasText: 'echo: hello through the proxy' })
      .waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('follows a redirect to /login and stays under the prefix', async () => {
    const page = await context.newPage();
    await page.goto(`${front.url}/apps/login`);
    expect(new URL(page.url()).pathname).toBe('/apps/login/login');
    expect(await page.locator('h1').innerText()).toBe('Please log in');
    await page.close();
  });

  it('keeps runtime-built root-absolute fetch and XHR URLs under the prefix with the opt-in HTML shim', async () => {
    const page = await context.newPage();
    await page.goto(`${front.url}/apps/shimmed/dynamic`);
    await page.locator('#api', { hasText: 'viewed fetch' }).waitFor({ timeout: 10_000 });
    await page.locator('#xhr', { hasText: 'viewed xhr' }).waitFor({ timeout: 10_000 });
    await page.goto(`${front.url}/apps/unshimmed/dynamic`);
    await page.locator('#api', { hasText: 'failed' }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
