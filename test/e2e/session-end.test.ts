// A page whose login session ends elsewhere (a logout in another tab, a password change) goes to the login page, in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage } from './helpers/browser';

const PASSWORD = 'correct horse battery staple';

let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([spawnServer({ args: ['--auth'], env: { HANGAR_PASSWORD: PASSWORD } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a login session ending under an open page', () => {
  it('sends the page to the login, coming back to where it was', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/terminals`);
    await page.waitForURL(/\/_hangar\/login\?next=%2Fterminals$/);
    // The page's live connection is up once the server's `hello` arrives on its Socket.IO WebSocket.
    const hello = new Promise<void>((resolve) => {
      page.on('websocket', (ws) => ws.on('framereceived', (frame) => String(frame.payload).includes('"hello"') && resolve()));
    });
    await page.getByLabel('Password or token').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Terminals' }).waitFor();
    await Promise.race([hello, page.waitForTimeout(10_000).then(() => Promise.reject(new Error('no hello on the live connection')))]);

    // Another tab of the same browser logs out: the same cookie, so the same session.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/settings`);
    const status = await other.evaluate(async () => (await fetch('/_hangar/logout', { method: 'POST', headers: { accept: 'application/json' } })).status);
    expect(status).toBe(200);

    await page.waitForURL(/\/_hangar\/login\?next=%2Fterminals$/, { timeout: 10_000 });
    await page.getByLabel('Password or token').waitFor();
    expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await page.context().close();
  });
});
