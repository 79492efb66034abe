// A catalog app that installs from GitHub, as a new user meets it in Chromium: ComfyUI from its Discover card, its
// real launcher (from ../shared/pinokio-corpus) cloned from a local stand-in of its GitHub repository that git reaches
// through its own `insteadOf`, with the repositories it clones and the tools it calls stood in as in the conformance
// run. Configured with an argument, started from its menu, used at /apps/comfyui/, updated to a commit pushed
// upstream, rolled back and removed.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { createWorld, type World } from '../conformance/world';
import { launcherCopy } from '../conformance/world/launcher-copy';
import { writeTestConfig } from '../helpers/port-range';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { expectInstalled, installFromCard } from './helpers/catalog-install';
import { launchBrowser, openPage, screenshotSchemes, type WatchedPage } from './helpers/browser';

const CORPUS = path.resolve(__dirname, '../../../shared/pinokio-corpus');
/** The catalog's source for ComfyUI (catalog/apps.json). */
const COMFY_SLUG = 'pinokiofactory/comfy';

let world: World;
let upstream: string;
let home: string;
let server: ServerProcess;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...world.env } })
    .toString()
    .trim();
}

beforeAll(async () => {
  await ensureBuilt();
  world = await createWorld(CORPUS);
  // The launcher's own repository, where `https://github.com/pinokiofactory/comfy.git` lands.
  upstream = await launcherCopy(CORPUS, 'comfy', world.dir);
  git(upstream, 'init', '-q', '-b', 'main');
  git(upstream, 'add', '-A');
  git(upstream, 'commit', '-q', '-m', 'ComfyUI launcher');
  const landing = path.join(world.gitRoot, COMFY_SLUG);
  await mkdir(path.dirname(landing), { recursive: true });
  await symlink(upstream, landing);
  await symlink(upstream, `${landing}.git`);
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-github-e2e-'));
  await writeTestConfig(home);
  [server, browser] = await Promise.all([spawnServer({ home, env: world.env }), launchBrowser()]);
  watched = await openPage(browser, { width: 1366, height: 900 });
  page = watched.page;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await world?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const badge = (state: string) =>
  page.locator(`[data-testid="state-badge"][data-state="${state}"]`).first();

describe('a GitHub catalog app from Discover', () => {
  it('ComfyUI installs from its card, takes an argument, serves, updates, rolls back and is removed', async () => {
    await installFromCard(page, server.url, 'ComfyUI', 'comfyui', { evenIfShort: true });
    await expectInstalled(page, 180_000);
    // The clone is the install's first phase: its log starts with it.
    const runId = new URL(page.url()).searchParams.get('run')!;
    const { text } = await server.rpc('runs.logText', { runId, offset: 0, maxBytes: 4096 });
    expect(text).toMatch(/^Cloning https:\/\/github\.com\/pinokiofactory\/comfy\.git\n/);
    // The app is shown as its card showed it: "ComfyUI", not its launcher's own "Comfyui".
    await page.waitForFunction(() => document.title === 'ComfyUI — Hangar');
    await page.getByRole('heading', { name: 'ComfyUI', exact: true }).waitFor();
    await screenshotSchemes(page, 'github-comfyui-installed');

    const options = page.getByRole('region', { name: 'Launch options' });
    await options.getByRole('heading', { name: 'Launch options' }).click();
    await options.getByLabel(/^Arguments/).fill('--lowvram');
    await options.getByRole('button', { name: 'Save launch options' }).click();
    await options.getByRole('status').getByText('Saved.', { exact: true }).waitFor();
    // The launcher's own menu starts it.
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await badge('running').waitFor({ timeout: 60_000 });
    await page
      .getByTestId('log-view')
      .getByText('Launching Web UI with arguments: --lowvram')
      .waitFor();
    const app = await openPage(browser, { width: 1100, height: 760 });
    await app.page.goto(`${server.url}/apps/comfyui/`);
    await app.page.getByText(`stand-in for ${path.join(home, 'api/comfyui/app')}`).waitFor();
    await app.page.context().close();
    await screenshotSchemes(page, 'github-comfyui-running');
    await page.getByRole('button', { name: 'Stop app' }).click();
    await badge('stopped').waitFor({ timeout: 30_000 });

    // A commit pushed upstream: the Library card offers it with its subject, Update brings it, Roll back returns.
    const pinokio = path.join(upstream, 'pinokio.js');
    await writeFile(
      pinokio,
      (await readFile(pinokio, 'utf8')).replace('version: "3.7"', 'version: "3.8"'),
    );
    git(upstream, 'commit', '-q', '-am', 'Launcher 3.8');
    await server.rpc('apps.updates', { check: true });
    await page.goto(`${server.url}/`);
    // Its launcher names an icon file the stand-in lacks: the card keeps the icon its Discover card showed.
    expect(
      await page.getByTestId('app-card-comfyui').locator('img').first().getAttribute('src'),
    ).toBe('/catalog-icons/comfyui.svg');
    const notice = page.getByTestId('update-comfyui');
    await notice.getByText('Update available · 1 new commit').waitFor();
    await notice.getByText('What changed').click();
    await notice.getByText('Launcher 3.8').waitFor();
    await screenshotSchemes(page, 'github-comfyui-update-available');
    await notice.getByRole('button', { name: 'Update comfyui' }).click();
    const rollBack = notice.getByRole('button', { name: /^Roll back comfyui/ });
    await rollBack.waitFor({ timeout: 60_000 });
    const installed = path.join(home, 'api/comfyui/pinokio.js');
    expect(await readFile(installed, 'utf8')).toContain('version: "3.8"');
    await rollBack.click();
    await notice.getByText('Update available · 1 new commit').waitFor({ timeout: 60_000 });
    expect(await readFile(installed, 'utf8')).toContain('version: "3.7"');

    await page.goto(`${server.url}/manage/comfyui`);
    const maintenance = page.getByRole('region', { name: 'Maintenance' });
    await maintenance.getByRole('button', { name: 'Remove' }).click();
    await maintenance
      .getByRole('group', { name: /^Remove / })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.waitForURL(`${server.url}/`, { timeout: 30_000 });
    await page.getByTestId('app-card-comfyui').waitFor({ state: 'detached' });
    expect(await server.rpc('apps.list')).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 300_000);
});
