// modal and htmlmodal in Chromium: the dashboard shows each dialog, the script waits for the answer and goes on
// with it in `input`; htmlmodal's HTML stays in a sandboxed frame and never runs script on Hangar's origin.
// Also the input box of an interactive shell (shell.run with input: true).
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunInfo } from '../../lib/shared/run';
import { started } from '../helpers/rpc';
import { repoRoot } from '../helpers/spawn-server';
import { waitFor } from '../helpers/processes';
import { openPage, screenshotSchemes } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';

const e2e = withServerAndBrowser(path.join(repoRoot, 'test/fixtures/launchers/dialog-app'));
let page: Page;

async function finished(runId: string): Promise<RunInfo> {
  let info: RunInfo | null = null;
  await waitFor(
    async () => {
      info = await e2e.call('runs.get', { runId });
      return !['queued', 'running', 'waiting'].includes(info.status);
    },
    `run ${runId} to end`,
    30_000,
  );
  return info!;
}

beforeAll(async () => {
  page = (await openPage(e2e.browser)).page;
  const { runId } = started(
    await e2e.call('apps.install', {
      source: e2e.repo.dir,
    }),
  );
  expect((await finished(runId)).status).toBe('finished');
}, 240_000);

const logView = () => page.getByTestId('log-view');
const status = (value: string) =>
  page.locator(`[data-testid="run-status"][data-status="${value}"]`);

describe('script dialogs in the dashboard', () => {
  it('shows modal and htmlmodal, waits for the answers, and keeps launcher HTML off the origin', async () => {
    const { runId } = await e2e.call('scripts.run', {
      name: 'dialog-app',
      script: 'dialogs.json',
    });
    await page.goto(`${e2e.server.url}/manage/dialog-app?run=${runId}`);
    // The dashboard names the app in the title; launcher HTML must not change it afterwards.
    const title = 'Dialog App — Hangar';
    await waitFor(async () => (await page.title()) === title, 'the page title', 10_000);

    const modal = page.getByTestId('run-modal');
    await modal.getByRole('heading', { name: 'Before we start' }).waitFor({ timeout: 15_000 });
    await modal.getByText('Read this first').waitFor();
    expect(await modal.getByRole('link', { name: 'Model card' }).getAttribute('href')).toBe(
      'https://example.com/card',
    );
    expect(await modal.getByRole('link', { name: 'Bad link' }).count()).toBe(0);
    // Its image does not load: it goes, rather than showing a broken-image icon.
    await expect.poll(() => modal.locator('img').count(), { timeout: 5000 }).toBe(0);
    await status('waiting').waitFor();
    await screenshotSchemes(page, 'dialog-modal-wide');
    await modal.getByRole('button', { name: 'Next' }).click();
    await logView().getByText('modal answered {}').waitFor({ timeout: 10_000 });
    expect(await modal.count()).toBe(0);

    const dialog = page.getByTestId('run-htmlmodal');
    await dialog.getByRole('heading', { name: 'Setup' }).waitFor({ timeout: 10_000 });
    const frame = dialog.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const inside = page.frameLocator('[data-testid="run-htmlmodal"] iframe');
    await inside.getByText('Step one').waitFor();
    await dialog.getByText('Waiting for you').waitFor();
    await screenshotSchemes(page, 'dialog-htmlmodal-wide');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await logView().getByText('first answer go').waitFor({ timeout: 10_000 });

    // The update replaces the body and the actions of the dialog that stayed open.
    await inside.getByText('Step two').waitFor({ timeout: 10_000 });
    await dialog.getByText('Almost done').waitFor();
    expect(await dialog.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Finish' }).click();
    await logView().getByText('second answer finish blue').waitFor({ timeout: 10_000 });

    // htmlmodal.close takes it away while the run goes on to its next step.
    const form = page.getByTestId('input-form');
    await form.getByText('All done?').waitFor({ timeout: 10_000 });
    expect(await dialog.count()).toBe(0);
    await form.getByLabel('Note').fill('thanks');
    await form.getByRole('button', { name: 'Submit' }).click();
    await logView().getByText('note thanks').waitFor({ timeout: 10_000 });
    await status('finished').waitFor({ timeout: 10_000 });

    expect(await page.title()).toBe(title);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const info = await finished(runId);
    expect(info.status).toBe('finished');
    expect(info.htmlmodal ?? null).toBeNull();
  }, 90_000);

  it('types into an interactive shell from the run panel until the user leaves it', async () => {
    const { runId } = await e2e.call('scripts.run', {
      name: 'dialog-app',
      script: 'type.json',
    });
    await page.goto(`${e2e.server.url}/manage/dialog-app?run=${runId}`);
    const box = page.getByTestId('shell-input');
    await box.getByLabel('Type into the shell').fill('Ada');
    await box.getByRole('button', { name: 'Enter' }).click();
    await logView().getByText('hello Ada').waitFor({ timeout: 10_000 });
    await box.getByLabel('Type into the shell').fill('echo $((6*7))');
    await box.getByRole('button', { name: 'Enter' }).click();
    await logView().getByText(/^42$/).waitFor({ timeout: 10_000 });
    await screenshotSchemes(page, 'shell-input-wide');
    await box.getByLabel('Type into the shell').fill('exit');
    await box.getByRole('button', { name: 'Enter' }).click();
    await logView().getByText('shell left').waitFor({ timeout: 10_000 });
    await status('finished').waitFor({ timeout: 10_000 });
    expect(await box.count()).toBe(0);
  }, 60_000);
});
