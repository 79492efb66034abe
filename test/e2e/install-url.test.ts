// Installing by URL in Chromium: a free name suggested for a launcher installed already, a taken name refused in the
// name field before sending, the same launcher installed again under another name, and a bad URL's failed clone
// explained on the app's page (what happened, what to do) with the clone in its log and its URL corrected there;
// wide and phone.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';

beforeAll(async () => {
  await ensureBuilt();
}, 600_000);

const e2e = withServerAndBrowser(path.resolve(__dirname, '../fixtures/launchers/hello-app'));

/** Waits for `name` to be installed; a failure of a run started before `from` is an earlier try, not this one. */
async function waitInstalled(name: string, from = 0): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const app = await e2e.call('apps.get', { name });
    if (app.state === 'installed') return;
    const failedRun = app.runs.find((run) => run.runId === app.error?.runId);
    const failedNow = app.state === 'install-failed' && (failedRun?.startedAt ?? 0) >= from;
    if (failedNow || Date.now() > deadline)
      throw new Error(`${name} did not install: ${app.state} ${app.error?.message ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function fillSource(page: Page, source: string): Promise<void> {
  await page.goto(`${e2e.server.url}/discover`);
  await page.getByLabel('Install from a git URL or path').fill(source);
}

describe('install from a URL', () => {
  let wide: WatchedPage;
  let phone: WatchedPage;
  const url = () => `file://${e2e.repo.dir}`;

  beforeAll(async () => {
    await e2e.call('apps.install', { source: url() });
    await waitInstalled('hello-app');
    [wide, phone] = await Promise.all([
      openPage(e2e.browser, { width: 1366, height: 900 }),
      openPage(e2e.browser, { width: 390, height: 844 }),
    ]);
  }, 120_000);

  it('suggests a free name for a launcher installed already, refuses a taken name in the field, and installs under another', async () => {
    const { page } = wide;
    await fillSource(page, url());
    const name = page.getByLabel('Name', { exact: true });
    const install = page.getByRole('button', { name: 'Install', exact: true });
    await page.waitForFunction(
      () =>
        (document.getElementById('install-name') as HTMLInputElement | null)?.value ===
        'hello-app-2',
      undefined,
      { timeout: 15_000 },
    );
    // The field says why the name is numbered, and leads to the app that has the plain one.
    const help = page.getByTestId('install-name-help');
    await help.getByText(/is another app's name, so this one is numbered/).waitFor();
    expect(await help.getByRole('link', { name: 'hello-app' }).getAttribute('href')).toBe(
      '/manage/hello-app',
    );
    await screenshotSchemes(page, 'install-url-suggestion-wide');
    await name.fill('hello-app');
    await help.getByText('An app named hello-app already exists').waitFor({ timeout: 15_000 });
    // The app holding the name is one click away.
    expect(await help.getByRole('link', { name: 'Open hello-app' }).getAttribute('href')).toBe(
      '/manage/hello-app',
    );
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await install.isDisabled()).toBe(true);
    await screenshotSchemes(page, 'install-url-taken-wide');
    await name.fill('Hello App');
    await help.getByText('not a valid app name').waitFor();
    expect(await install.isDisabled()).toBe(true);
    await name.fill('hello-second');
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    await install.click();
    await page.waitForURL(/\/manage\/hello-second/, { timeout: 15_000 });
    await waitInstalled('hello-second');
    expect(await e2e.call('apps.get', { name: 'hello-second' })).toMatchObject({
      source: { location: url() },
    });
    expect(wide.errors).toEqual([]);
  }, 120_000);

  it('on a phone, a taken name shows in the field and a bad URL says what happened and what to do', async () => {
    const { page } = phone;
    await fillSource(page, url());
    await page.getByLabel('Name', { exact: true }).fill('hello-second');
    await page.getByTestId('install-name-help').getByText('already exists').waitFor({
      timeout: 15_000,
    });
    await screenshotSchemes(page, 'install-url-taken-phone');
    await fillSource(page, 'file:///nowhere/someone/launcher.git');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('launcher');
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    // The clone is the install run's first phase: the dashboard shows its log and its failure.
    await page.waitForURL(/\/manage\/launcher\?run=/, { timeout: 15_000 });
    const diagnosis = page.getByTestId('diagnosis').first();
    await diagnosis.waitFor({ timeout: 15_000 });
    expect(await diagnosis.getAttribute('data-diagnosis')).toBe('git_no_repo');
    expect(await page.getByTestId('diagnosis-next-step').first().innerText()).toContain(
      'What to do',
    );
    // Git's own words stay one click away, under the plain ones.
    const failure = page.getByTestId('failure-view').first();
    expect(await failure.getByTestId('failure-message').textContent()).toContain(
      'does not appear to be a git repository',
    );
    expect(await failure.innerText()).not.toContain('installing-');
    await page.getByText('Cloning file:///nowhere/someone/launcher.git').first().waitFor();
    await screenshotSchemes(page, 'install-url-bad-phone');
    // The wrong URL is corrected where it failed, and the app installs under the same name.
    const corrected = page.getByLabel('Install from');
    expect(await corrected.inputValue()).toBe('file:///nowhere/someone/launcher.git');
    await corrected.fill(url());
    const retriedAt = Date.now();
    await page.getByRole('button', { name: 'Install from this source' }).click();
    await waitInstalled('launcher', retriedAt);
    await page.getByTestId('failure-view').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await e2e.call('apps.get', { name: 'launcher' })).toMatchObject({
      source: { location: url() },
    });
    await screenshotSchemes(page, 'install-url-corrected-phone');
    await fillSource(wide.page, 'http://127.0.0.1:9/someone/other.git');
    await wide.page.getByRole('button', { name: 'Install', exact: true }).click();
    await wide.page.waitForURL(/\/manage\/other\?run=/, { timeout: 15_000 });
    await wide.page.getByTestId('diagnosis').first().waitFor({ timeout: 15_000 });
    expect(await wide.page.getByTestId('diagnosis').first().getAttribute('data-diagnosis')).toBe(
      'network',
    );
    // Nothing arrived, so nothing to update: Maintenance offers Remove alone, Install again is above.
    const maintenance = wide.page.getByRole('region', { name: 'Maintenance' });
    await maintenance.getByRole('button', { name: 'Remove' }).waitFor();
    expect(await maintenance.getByRole('button').allInnerTexts()).toEqual(['Remove']);
    await screenshotSchemes(wide.page, 'install-url-unreachable-wide');
  }, 120_000);
});
