// In Chromium: Discover's "Run a script" runs a script by URI and shows its log; a failed start offers Retry, which
// starts the app, and View log, which shows the failed run's log. Photographed at 1366×900 and 390×844.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';

const GATE = `const fs = require('node:fs');
const path = require('node:path');
if (fs.existsSync(path.join(process.env.LIFECYCLE_CONTROL, 'start-fails'))) {
  console.error('start refused: the start-fails switch is on');
  process.exit(1);
}
`;

let server: ServerProcess;
let browser: Browser;
let repo: TempRepo;
let control: string;
let page: Page;
let errors: string[];

async function photograph(name: string): Promise<void> {
  for (const [width, height, size] of [
    [1366, 900, 'wide'],
    [390, 844, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await screenshotSchemes(page, `${name}-${size}`);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

beforeAll(async () => {
  await ensureBuilt();
  control = await mkdtemp(path.join(os.tmpdir(), 'hangar-retry-control-'));
  repo = await repoFromFixture(path.join(__dirname, 'fixtures/lifecycle-app'));
  const startFile = path.join(repo.dir, 'start.json');
  const start = JSON.parse(await readFile(startFile, 'utf8')) as { run: unknown[] };
  start.run.unshift({ method: 'shell.run', params: { message: 'node gate.js', path: 'app' } });
  await writeFile(startFile, JSON.stringify(start, null, 2));
  await writeFile(path.join(repo.dir, 'app/gate.js'), GATE);
  repo.commit('a start that fails while the switch is on');
  [server, browser] = await Promise.all([
    spawnServer({ env: { LIFECYCLE_CONTROL: control } }),
    launchBrowser(),
  ]);
  ({ page, errors } = await openPage(browser, { width: 1366, height: 900 }));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await repo?.remove();
  if (control) await rm(control, { recursive: true, force: true });
});

describe('run a script by URI, and recover from a failed start', () => {
  it('Discover runs ~/scripts/hello.json and shows its log', async () => {
    await mkdir(path.join(server.home, 'scripts'), { recursive: true });
    await writeFile(
      path.join(server.home, 'scripts/hello.json'),
      JSON.stringify({
        run: [{ method: 'shell.run', params: { message: 'echo hello from a script URI' } }],
      }),
    );
    await page.goto(`${server.url}/discover`);
    await page.getByRole('textbox', { name: 'Run a script' }).fill('../outside.json');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'relative' }).count())
      .toBe(1);
    await page.getByRole('textbox', { name: 'Run a script' }).fill('~/scripts/hello.json');
    expect(await page.getByRole('alert').filter({ hasText: 'relative' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const log = page.getByTestId('run-uri-log');
    await log
      .getByTestId('log-view')
      .getByText('hello from a script URI', { exact: true })
      .waitFor();
    await log.locator('[data-testid="run-status"]', { hasText: 'finished' }).waitFor();
    await log.scrollIntoViewIfNeeded();
    await photograph('run-uri');
  }, 120_000);

  it('a failed start offers Retry and View log; Retry starts it once its cause is gone', async () => {
    await writeFile(path.join(control, 'start-fails'), '1');
    await server.rpc('apps.install', { source: repo.dir, name: 'retry-app' });
    await page.goto(`${server.url}/manage/retry-app`);
    await page
      .locator('[data-testid="state-badge"][data-state="installed"]')
      .waitFor({ timeout: 120_000 });
    await expect(server.rpc('apps.start', { name: 'retry-app' })).rejects.toThrow();
    await page.locator('[data-testid="state-badge"][data-state="failed"]').waitFor();
    const actions = page.getByTestId('recovery-actions');
    await actions.getByRole('button', { name: 'Retry' }).waitFor();
    // One button per action: the menu's Start gives way to Retry.
    expect(await page.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
    // The newest run (the failed start) is shown, so there is no View log; pick the install's, and View log goes
    // back to the failure, and goes away again.
    const runs = page.getByRole('region', { name: 'Runs' });
    await runs.locator('button[aria-current="true"]', { hasText: /^Start start\.json/ }).waitFor();
    expect(await actions.getByRole('button', { name: 'View log' }).count()).toBe(0);
    await runs.getByRole('button', { name: /^Install install\.json/ }).click();
    await actions.getByRole('button', { name: 'View log' }).click();
    await runs.locator('button[aria-current="true"]', { hasText: /^Start start\.json/ }).waitFor();
    await actions.getByRole('button', { name: 'View log' }).waitFor({ state: 'detached' });
    await page
      .getByTestId('run-panel')
      .getByTestId('log-view')
      .getByText('start refused: the start-fails switch is on')
      .first()
      .waitFor();
    await photograph('failed-start-retry-failed');

    await rm(path.join(control, 'start-fails'));
    await actions.getByRole('button', { name: 'Retry' }).click();
    await page
      .locator('[data-testid="state-badge"][data-state="running"]')
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('recovery-actions').count()).toBe(0);
    expect(await page.getByTestId('failure-view').count()).toBe(0);
    await photograph('failed-start-retry-running');
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, 240_000);
});
