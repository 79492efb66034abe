// Each lifecycle path in Chromium, as a user sees it on the dashboard: a failed install then Install again, Stop during
// an install, a double-clicked Start, and a port another program holds (Hangar starts the app on another port).
// Each end state is photographed at 1366×900 and 390×844, light and dark.
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { rpcCall } from '../helpers/rpc';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshot } from './helpers/browser';

let server: ServerProcess;
let browser: Browser;
let repo: TempRepo;
let control: string;
let foreign: http.Server;
let page: Page;

const call = <M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>> =>
  rpcCall(server.url, method, ...params);

const setControl = (name: string, on: boolean) =>
  on ? writeFile(path.join(control, name), '1') : rm(path.join(control, name), { force: true });

async function stateIs(state: string, timeout = 30_000): Promise<void> {
  await page.locator(`[data-testid="state-badge"][data-state="${state}"]`).waitFor({ timeout });
}

/** The page as it is, at both widths and in both colour schemes. */
async function photograph(name: string): Promise<void> {
  for (const [width, height, size] of [
    [1366, 900, 'wide'],
    [390, 844, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `lifecycle-${name}-${size}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  foreign = http.createServer((req, res) => res.end('a foreign server'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
  control = await mkdtemp(path.join(os.tmpdir(), 'hangar-lifecycle-control-'));
  [server, browser, repo] = await Promise.all([
    spawnServer({
      env: {
        LIFECYCLE_CONTROL: control,
        FOREIGN_PORT: String((foreign.address() as { port: number }).port),
      },
    }),
    launchBrowser(),
    repoFromFixture(path.join(__dirname, 'fixtures/lifecycle-app')),
  ]);
  page = (await openPage(browser, { width: 1366, height: 900 })).page;
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await repo?.remove();
  await rm(control, { recursive: true, force: true });
  await new Promise((resolve) => foreign?.close(resolve));
});

describe('the app lifecycle on the dashboard', () => {
  it('a failed install shows what happened and Install again, which installs it', async () => {
    await setControl('install-fails', true);
    await call('apps.install', { source: repo.dir, name: 'lifecycle-app' });
    await page.goto(`${server.url}/manage/lifecycle-app`);
    await stateIs('install-failed');
    const failure = page.getByTestId('failure-view');
    await failure.waitFor();
    expect(await failure.getByTestId('failure-step').innerText()).toContain('at step 2');
    // One number for the step: the message under the heading does not repeat it.
    expect(await failure.innerText()).not.toContain('step 2 (shell.run) failed');
    expect(await page.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
    // The advice names the way on (Install again), not the menu, which is empty until the app installs.
    expect(await failure.innerText()).toContain('Press Install again');
    expect(await failure.innerText()).not.toContain('from the menu');
    // The failed run's log is on the page: the failure view does not show its last lines a second time, and the
    // advice to install again is given once, in the view.
    expect(await failure.getByTestId('failure-last-lines').count()).toBe(0);
    await page
      .getByTestId('log-view')
      .getByText('OSError: the weights archive is corrupt', { exact: true })
      .waitFor();
    expect(await page.locator('main').innerText()).not.toContain('then install again');
    await page.setViewportSize({ width: 390, height: 844 });
    const fits = await failure.evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
    await photograph('install-failed');
    await setControl('install-fails', false);
    await page.getByRole('button', { name: 'Install again' }).click();
    await stateIs('installed');
    expect(await page.getByTestId('failure-view').count()).toBe(0);
    // One button per action: the launcher's Install and Update are the dashboard's Install again and Maintenance.
    const menu = page.getByRole('list', { name: 'Launcher menu' });
    expect(await menu.getByRole('button', { name: 'Install' }).count()).toBe(0);
    expect(await menu.getByRole('button', { name: 'Update' }).count()).toBe(0);
    await photograph('reinstalled');
  }, 120_000);

  it('a double-clicked Start runs once, leaves no error, and Stop leaves none either', async () => {
    await setControl('start-slow', true);
    const startButton = page
      .getByRole('list', { name: 'Launcher menu' })
      .getByRole('button', { name: 'Start' });
    await startButton.dblclick();
    await stateIs('running', 60_000);
    await setControl('start-slow', false);
    expect(await page.locator('p[role="alert"], span[role="alert"]').count()).toBe(0);
    const menu = page.getByRole('list', { name: 'Launcher menu' });
    expect(await menu.getByText('Open Web UI').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Stop run' }).count()).toBe(0);
    expect(await page.getByRole('progressbar').count()).toBe(0);
    const starts = (await call('runs.list', { name: 'lifecycle-app' })).filter((r) =>
      r.script.endsWith('start.json'),
    );
    expect(starts).toHaveLength(1);
    await photograph('running');
    await page.getByRole('button', { name: 'Stop app' }).click();
    await stateIs('stopped');
    expect(await page.locator('p[role="alert"], span[role="alert"]').count()).toBe(0);
  }, 120_000);

  it('a port held by another program: Hangar starts the app on another port by itself', async () => {
    await setControl('port-clash', true);
    await page
      .getByRole('list', { name: 'Launcher menu' })
      .getByRole('button', { name: 'Start' })
      .click();
    await stateIs('running', 60_000);
    expect(await page.getByTestId('failure-view').count()).toBe(0);
    await page.getByText('starting once more on another port').first().waitFor({ timeout: 15_000 });
    await photograph('port-retried');
    await page.getByRole('button', { name: 'Stop app' }).click();
    await stateIs('stopped');
  }, 120_000);

  it('Stop during an install says it was stopped and offers Install again, not a failure', async () => {
    await call('apps.remove', { name: 'lifecycle-app' });
    await setControl('install-slow', true);
    await call('apps.install', { source: repo.dir, name: 'lifecycle-app' });
    await page.goto(`${server.url}/manage/lifecycle-app`);
    await stateIs('installing');
    await page.getByText('downloading weights').first().waitFor({ timeout: 30_000 });
    await call('apps.stop', { name: 'lifecycle-app' });
    await stateIs('install-failed');
    expect(await page.getByTestId('failure-view').count()).toBe(0);
    expect(await page.getByTestId('install-outcome').innerText()).toContain('stopped');
    // Remove left nothing of the first install: only this install's run is listed.
    expect(await page.locator('#runs-heading + ul li').count()).toBe(1);
    await photograph('install-stopped');
    await setControl('install-slow', false);
    await page.getByRole('button', { name: 'Install again' }).click();
    await stateIs('installed');
  }, 120_000);
});
