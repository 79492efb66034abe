// Settings (access, password, Hugging Face token, tools, GPUs, doctor, diagnostics) and the failure view with its diagnosis, in Chromium.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';

const TOKEN = `hf_e2eSecret${Date.now().toString(36)}XyZ`;

const e2e = withServerAndBrowser(path.join(__dirname, 'fixtures/full-disk-app'));

let watched: WatchedPage;

beforeAll(async () => {
  watched = await openPage(e2e.browser);
});

describe('the Settings page', () => {
  it('shows where Hangar listens and that loopback needs no login', async () => {
    const { page } = watched;
    await page.goto(`${e2e.server.url}/settings`);
    const port = new URL(e2e.server.url).port;
    await page
      .getByTestId('access-bind')
      .getByText(new RegExp(`:${port}$`))
      .waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('access-login').innerText()).toBe('no (loopback only)');
    expect(await page.getByTestId('access-password').innerText()).toBe('not set');
    expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
  }, 30_000);

  it('sets a Hugging Face token, shows only that it is set, and removes it', async () => {
    const { page } = watched;
    const state = page.getByTestId('hf-token-state');
    await state.getByText('not set').waitFor();
    await page.getByLabel('Paste a Hugging Face token').focus();
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page
      .locator('[data-testid="hf-token-state"][data-set="true"]')
      .waitFor({ timeout: 10_000 });
    expect(await state.innerText()).toBe('Token: set');
    expect(await page.getByLabel('Paste a Hugging Face token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);
    expect(await e2e.call('settings.get')).toMatchObject({ hfTokenSet: true });
    await page.reload();
    await page
      .locator('[data-testid="hf-token-state"][data-set="true"]')
      .waitFor({ timeout: 10_000 });
    expect(await page.content()).not.toContain(TOKEN);
    await page.getByRole('button', { name: 'Remove token' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page
      .locator('[data-testid="hf-token-state"][data-set="false"]')
      .waitFor({ timeout: 10_000 });
    expect(await e2e.call('settings.get')).toMatchObject({
      hfTokenSet: false,
    });
  }, 30_000);

  it('sets the owner password and reports it as set', async () => {
    const { page } = watched;
    const form = page.getByRole('form', { name: 'Set a password' });
    await form.getByLabel('New password', { exact: true }).fill('correct horse battery');
    await form.getByLabel('Repeat new password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Password saved.').waitFor({ timeout: 10_000 });
    await page
      .getByTestId('access-password')
      .getByText('set', { exact: true })
      .waitFor({ timeout: 10_000 });
    expect(await e2e.call('auth.status')).toMatchObject({
      passwordSet: true,
    });
    await page
      .getByRole('form', { name: 'Change the password' })
      .getByLabel('Current password')
      .waitFor();
  }, 30_000);

  it('says that the way apps are served applies at the next start, and that a change waits for it', async () => {
    const { page } = watched;
    const note = page.getByTestId('restart-note-appOrigins');
    await note.getByText('Applies at the next start of Hangar.').waitFor({ timeout: 15_000 });
    const isolation = page.getByTestId('app-isolation').getByRole('combobox');
    await isolation.selectOption('path');
    await note
      .getByText('Changed: applies after Hangar restarts (it runs in origin mode now).')
      .waitFor({ timeout: 10_000 });
    expect(await e2e.call('settings.get')).toMatchObject({
      appOrigins: 'path',
      pendingRestart: ['appOrigins'],
    });
    await isolation.selectOption('origin');
    await note.getByText('Applies at the next start of Hangar.').waitFor({ timeout: 10_000 });
  }, 30_000);

  it('lists git, node and python3 among the tools with their versions', async () => {
    const { page } = watched;
    for (const id of ['git', 'node', 'python3']) {
      const row = page.getByTestId(`tool-${id}`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute('data-found')).toBe('true');
    }
    expect(await page.getByTestId('tool-node').innerText()).toContain(process.version.slice(1));
  }, 30_000);

  it('shows the tools Hangar fetches itself as fetched when needed, with no install command', async () => {
    const { page } = watched;
    const { tools } = await e2e.call('system.tools');
    const uv = tools.find((t) => t.id === 'uv')!;
    expect(uv.provided).toMatch(/Hangar installs uv into bin\//);
    expect(tools.find((t) => t.id === 'git')!.provided).toBeNull();
    const row = page.getByTestId('tool-uv');
    await row.waitFor({ timeout: 15_000 });
    if (!uv.found) {
      expect(await row.innerText()).toContain('fetched when needed');
      expect(await row.getByRole('button', { name: /Copy the install command/ }).count()).toBe(0);
    }
  }, 30_000);

  it('runs the doctor, writes a diagnostics bundle and downloads it into the browser', async () => {
    const { page } = watched;
    await page
      .getByTestId('settings-doctor')
      .getByText(/Disk of the home/)
      .waitFor({ timeout: 15_000 });
    const downloading = page.waitForEvent('download', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Download diagnostics bundle' }).click();
    const download = await downloading;
    const file = (
      await page.getByTestId('diagnostics-file').locator('code').innerText({ timeout: 20_000 })
    ).trim();
    expect(file.endsWith('.tar.gz')).toBe(true);
    expect(file.startsWith(e2e.server.home)).toBe(true);
    expect(download.suggestedFilename()).toBe(path.basename(file));
    expect(readFileSync(await download.path()).equals(readFileSync(file))).toBe(true);
    await expect(page.getByTestId('diagnostics-link').getAttribute('href')).resolves.toBe(
      `/_hangar/diagnostics/${path.basename(file)}`,
    );
    await screenshotSchemes(page, 'settings-full-wide');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotSchemes(page, 'settings-full-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.content()).not.toContain(TOKEN);
    expect(watched.errors).toEqual([]);
  }, 40_000);
});

describe('the failure view', () => {
  it('shows the failing step, its last lines and the diagnosis of a full disk', async () => {
    const { page } = watched;
    await page.goto(`${e2e.server.url}/discover`);
    await page.getByLabel('Install from a git URL or path').fill(e2e.repo.dir);
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await page.waitForURL(/\/manage\/full-disk-app/, { timeout: 20_000 });
    // The install is what failed: the app is install-failed (it offers Install again, never Start).
    await page
      .locator('[data-testid="state-badge"][data-state="install-failed"]')
      .waitFor({ timeout: 30_000 });
    const view = page.getByTestId('failure-view');
    await view.getByTestId('diagnosis').waitFor({ timeout: 10_000 });
    expect(await view.count()).toBe(1);
    // The step in the user's words: no method name beside it.
    expect(await view.getByTestId('failure-step').innerText()).toMatch(/at step 2$/);
    expect(await view.getByTestId('diagnosis-explanation').innerText()).toContain(
      'The disk is full: the run could not write its files.',
    );
    expect(await view.getByTestId('diagnosis-next-step').innerText()).toContain('Free disk space');
    // The failed run's log is on the page below: the view quotes the line that shows the cause, not its last lines.
    expect(await view.getByTestId('failure-last-lines').count()).toBe(0);
    expect(await view.getByTestId('diagnosis').innerText()).toContain(
      'Seen in the output: OSError: [Errno 28] No space left on device',
    );
    await page
      .getByTestId('log-view')
      .getByText('OSError: [Errno 28] No space left on device')
      .first()
      .waitFor();
    await screenshotSchemes(page, 'manage-failed-wide');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotSchemes(page, 'manage-failed-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.getByTestId('diagnosis-next-step').waitFor({ timeout: 10_000 });
    expect(watched.errors).toEqual([]);
  }, 60_000);
});
