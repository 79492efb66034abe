// The login pages in Chromium: first run with the printed token URL, setting the password, logging out in one
// tab while another is open (that page goes to the login), and logging back in with the password form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { within } from '../helpers/within';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';

const TOKEN = 'first-run-token-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';

let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([
    spawnServer({ args: ['--auth'], env: { HANGAR_TOKEN: TOKEN } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Resolves once the server's `hello` arrives on the page's Socket.IO WebSocket (listen before navigating). */
function liveConnection(page: Page): Promise<void> {
  const hello = new Promise<void>((resolve) => {
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => String(frame.payload).includes('"hello"') && resolve()),
    );
  });
  return within(hello, 'the hello on the live connection', 15_000);
}

describe('logging in and out in a browser', () => {
  it('token URL, then the password form, then a logout in another tab sends the open page to the login and back', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/_hangar/login?token=${TOKEN}`);
    // No password yet: the token's login goes on to set one.
    await page.waitForURL(/\/_hangar\/password$/);
    await page.getByLabel('New password (8 characters or more)').fill(PASSWORD);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Password saved').waitFor();

    const live = liveConnection(page);
    await page.goto(`${server.url}/terminals`);
    await page.getByRole('heading', { level: 1, name: 'Terminals' }).waitFor();
    await live;

    // Another tab of the same browser (so the same session) logs out from Settings.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/settings`);
    await other.getByRole('button', { name: 'Log out' }).click();
    // The logout answers with the login page (or that tab's own socket gets there first, with ?next=).
    await other.waitForURL(/\/_hangar\/login/);

    await page.waitForURL(/\/_hangar\/login\?next=%2Fterminals&ended=1$/, { timeout: 10_000 });
    // The page says why it is here, and where logging in leads back to.
    await page
      .getByRole('status')
      .getByText(/^Your session ended: .* go back to Terminals\.$/)
      .waitFor();
    await screenshotSchemes(page, 'login-after-session-end');
    const again = liveConnection(page);
    await page.getByLabel('Password or token').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Terminals' }).waitFor();
    await again;
    expect(new URL(page.url()).pathname).toBe('/terminals');
    // Requests cut off by the logout fail with 401 while the page leaves; nothing else may fail.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.context().close();
  });
});
