// "Update available" in Chromium: a commit pushed to the app's upstream shows on its Library card with the changelog;
// Update brings it and offers Roll back, which returns; the dashboard shows the same, then offers the way forward again
// (Return to) and says when an update finds nothing new; Discover shows what apps need.
// An app copied from a folder, as the bundled apps are, goes the same way with the launcher files the folder changed.
// Photographed at 1366×900 and 390×844.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { git, type TempRepo } from '../helpers/git-repo';
import { helloAppRepo } from '../helpers/hello-app';
import { writeTestConfig } from '../helpers/port-range';
import { rpcCall } from '../helpers/rpc';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';

const FIXTURE = path.resolve(__dirname, '../fixtures/launchers/hello-app');

let home: string;
let bareParent: string;
let bare: string;
let repo: TempRepo;
let server: ServerProcess;
let browser: Browser;
let wide: WatchedPage;
let phone: WatchedPage;

beforeAll(async () => {
  await ensureBuilt();
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-update-e2e-'));
  await writeTestConfig(home);
  bareParent = await mkdtemp(path.join(os.tmpdir(), 'hangar-update-bare-'));
  repo = await helloAppRepo();
  bare = path.join(bareParent, 'hello.git');
  git(bareParent, 'clone', '-q', '--bare', repo.dir, bare);
  [server, browser] = await Promise.all([spawnServer({ home }), launchBrowser()]);
  wide = await openPage(browser, { width: 1366, height: 900 });
  phone = await openPage(browser, { width: 390, height: 844 });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await repo?.remove();
  if (bareParent) await rm(bareParent, { recursive: true, force: true });
  if (home) await rm(home, { recursive: true, force: true });
});

describe('update available', () => {
  it('shows the new commit on the Library card, updates in one click, then offers Roll back', async () => {
    const { page } = wide;
    await rpcCall(server.url, 'apps.install', { source: `file://${bare}`, name: 'hello' });
    await page.goto(`${server.url}/`);
    const card = page.getByTestId('app-card-hello');
    await card.locator('[data-testid="state-badge"][data-state="installed"]').waitFor();

    const file = path.join(repo.dir, 'app/installed-note.txt');
    await writeFile(file, 'v2\n');
    const v2 = repo.commit('Add a note to the installed app');
    git(repo.dir, 'push', '-q', bare, 'main');
    await rpcCall(server.url, 'apps.updates', { check: true });

    const notice = card.getByTestId('update-hello');
    await notice.getByText('Update available · 1 new commit').waitFor();
    await notice.getByText('What changed').click();
    await notice.getByText('Add a note to the installed app').waitFor();
    await screenshotSchemes(page, 'update-available-library-wide');
    await phone.page.goto(`${server.url}/`);
    await phone.page.getByTestId('update-hello').getByText('What changed').click();
    await phone.page.getByText('Add a note to the installed app').waitFor();
    await screenshotSchemes(phone.page, 'update-available-library-phone');

    await notice.getByRole('button', { name: 'Update hello' }).click();
    const rollBack = notice.getByRole('button', { name: 'Roll back hello' });
    await rollBack.waitFor();
    expect(await readFile(path.join(home, 'api/hello/app/installed-note.txt'), 'utf8')).toBe(
      'v2\n',
    );
    await screenshotSchemes(page, 'update-rollback-offered-wide');

    await rollBack.click();
    await notice.getByText('Update available · 1 new commit').waitFor();
    await expect(
      readFile(path.join(home, 'api/hello/app/installed-note.txt'), 'utf8'),
    ).rejects.toThrow(/ENOENT/);

    await phone.page.goto(`${server.url}/manage/hello`);
    await phone.page.getByTestId('update-hello').getByText('Update available').waitFor();
    // One Update button: the notice's; Maintenance does not offer a second one.
    const maintenance = phone.page.getByRole('region', { name: 'Maintenance' });
    await maintenance.getByRole('button', { name: 'Remove' }).waitFor();
    expect(await phone.page.getByRole('button', { name: /^Update/ }).count()).toBe(1);
    await screenshotSchemes(phone.page, 'update-available-dashboard-phone');
    // After the rollback, the notice's Update is the one way forward: Maintenance offers no "Return to" beside it.
    expect(await maintenance.getByRole('button', { name: /^Return to/ }).count()).toBe(0);
    const phoneNotice = phone.page.getByTestId('update-hello');
    await phoneNotice.getByRole('button', { name: 'Update hello' }).click();
    await phoneNotice.getByText(/^Updated to [0-9a-f]{7}\.$/).waitFor();
    await maintenance.getByText(`at ${v2.slice(0, 7)}`).waitFor();
    expect(await readFile(path.join(home, 'api/hello/app/installed-note.txt'), 'utf8')).toBe(
      'v2\n',
    );
    // The way back is Maintenance's Roll back; the notice on this page offers no second one.
    await maintenance.getByRole('button', { name: 'Roll back', exact: true }).waitFor();
    expect(await phone.page.getByRole('button', { name: /^Roll back/ }).count()).toBe(1);
    const outcome = maintenance.getByTestId('maintenance-outcome');
    await maintenance.getByRole('button', { name: 'Update', exact: true }).click();
    await maintenance.getByRole('button', { name: 'Update', exact: true }).click();
    await outcome.getByText('Already up to date: no new commit upstream.').waitFor();
    // One line says what the last update did: the notice's "Updated to …" went as Maintenance's began.
    expect(await phoneNotice.count()).toBe(0);
    await screenshotSchemes(phone.page, 'update-returned-up-to-date-phone');
    await maintenance.getByRole('button', { name: 'Roll back', exact: true }).click();
    await maintenance.getByRole('button', { name: 'Roll back', exact: true }).click();
    await outcome.getByText(/^Now at [0-9a-f]{7}\.$/).waitFor();
    await expect(
      readFile(path.join(home, 'api/hello/app/installed-note.txt'), 'utf8'),
    ).rejects.toThrow(/ENOENT/);
    await page.goto(`${server.url}/discover`);
    await page.getByText('GPU: 24 GB VRAM or more').waitFor();
    await screenshotSchemes(page, 'update-discover-needs-wide');
    await phone.page.goto(`${server.url}/discover`);
    await phone.page.getByText('GPU: 12 GB VRAM or more').waitFor();
    await screenshotSchemes(phone.page, 'update-discover-needs-phone');
    expect(wide.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 180_000);

  it('an app copied from a folder names the files it changed, updates, rolls back and returns', async () => {
    const { page } = wide;
    const launcher = path.join(bareParent, 'hello-copy');
    await cp(FIXTURE, launcher, { recursive: true });
    // First from a wrong source: listed, with no launcher to read. Installed again from the right folder, the card
    // shows the launcher's title without a reload.
    await rpcCall(server.url, 'apps.install', {
      source: 'file:///nowhere/hello.git',
      name: 'hello-copy',
    });
    await page.goto(`${server.url}/`);
    const card = page.getByTestId('app-card-hello-copy');
    await card.locator('[data-testid="state-badge"][data-state="install-failed"]').waitFor();
    await rpcCall(server.url, 'apps.install', { source: launcher, name: 'hello-copy' });
    await card
      .locator('[data-testid="state-badge"][data-state="installed"]')
      .waitFor({ timeout: 60_000 });
    await card.getByRole('heading', { name: 'Hello App' }).waitFor();
    // Two installs of one launcher share its title; each card names its app.
    expect(await card.getByTestId('app-name').innerText()).toBe('hello-copy');
    expect(await page.getByTestId('app-card-hello').getByTestId('app-name').innerText()).toBe(
      'hello',
    );
    const note = path.join(home, 'api/hello-copy/app/installed-note.txt');

    // A newer Hangar ships the bundled launcher with a file more: the check names it, without network.
    await writeFile(path.join(launcher, 'app/installed-note.txt'), 'v2\n');
    await rpcCall(server.url, 'apps.updates', { check: true });
    const notice = card.getByTestId('update-hello-copy');
    await notice.getByText('Update available · 1 launcher file changed').waitFor();
    await notice.getByText('What changed').click();
    await notice.getByText('app/installed-note.txt added').waitFor();
    await screenshotSchemes(page, 'update-folder-available-wide');
    await notice.getByRole('button', { name: 'Update hello-copy' }).click();
    const rollBack = notice.getByRole('button', { name: /^Roll back hello-copy/ });
    await rollBack.waitFor();
    expect(await readFile(note, 'utf8')).toBe('v2\n');
    await rollBack.click();
    await notice.getByText('Update available · 1 launcher file changed').waitFor();
    await expect(readFile(note, 'utf8')).rejects.toThrow(/ENOENT/);

    await phone.page.goto(`${server.url}/manage/hello-copy`);
    const maintenance = phone.page.getByRole('region', { name: 'Maintenance' });
    const phoneNotice = phone.page.getByTestId('update-hello-copy');
    await phoneNotice.getByText('Update available · 1 launcher file changed').waitFor();
    await maintenance.getByRole('button', { name: 'Remove' }).waitFor();
    expect(await maintenance.getByRole('button', { name: /^Return to/ }).count()).toBe(0);
    await phoneNotice.getByRole('button', { name: 'Update hello-copy' }).click();
    await phoneNotice.getByText(/^Updated to [0-9a-f]{7}\.$/).waitFor();
    expect(await readFile(note, 'utf8')).toBe('v2\n');
    const outcome = maintenance.getByTestId('maintenance-outcome');
    await maintenance.getByRole('button', { name: 'Update', exact: true }).click();
    await maintenance.getByRole('button', { name: 'Update', exact: true }).click();
    await outcome.getByText('Already up to date: no launcher file changed.').waitFor();
    expect(await phoneNotice.count()).toBe(0);
    await screenshotSchemes(phone.page, 'update-folder-returned-phone');
    expect(wide.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 180_000);
});
