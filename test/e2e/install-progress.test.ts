// Install progress in Chromium: "Step N of M — title" for the running step, the run's download with its bytes,
// and a log where carriage-return progress is one line and spinner frames are gone and long lines wrap (or, turned
// off, scroll sideways), at 1366×900 and 390×844.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { git } from '../helpers/git-repo';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { launchBrowser, openPage, screenshotSchemes } from './helpers/browser';

let server: ServerProcess;
let files: FileServer;
let browser: Browser;
let page: Page;
let parent: string;

// 96 chunks of 64 KiB, 150 ms apart: about fifteen seconds of download to watch.
const body = Buffer.alloc(6 * 1024 * 1024, 7);

/** Prints a redrawn percentage, a braille spinner and a coloured line, as pip and npm do in a terminal. */
const PREPARE = [
  "for (let i = 0; i <= 100; i += 20) process.stdout.write('\\rpreparing ' + i + '%');",
  "process.stdout.write('\\n');",
  "for (const f of '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏') process.stdout.write(f + '\\x1b[1G\\x1b[0K');",
  "console.log('\\x1b[32mprepared\\x1b[0m');",
  "console.log('a long line: ' + 'word '.repeat(60) + 'end-of-long-line');",
  "console.log('漢字'.repeat(40) + ' wide-end');",
].join(' ');

/** Each rendered log row's text against its box: rows whose text is cut off or leaves a gap of a row or more. */
function misplacedRows(page: Page) {
  return page.getByTestId('log-view').evaluate((view) => {
    const rows = [...view.querySelectorAll(':scope > div > div')] as HTMLElement[];
    return rows
      .map((row) => {
        const range = document.createRange();
        range.selectNodeContents(row);
        const text = range.getBoundingClientRect().height;
        return { text: row.textContent ?? '', text_px: text, box_px: row.clientHeight };
      })
      .filter((r) => r.text !== '' && Math.abs(r.text_px - r.box_px) >= 9);
  });
}

async function launcherRepo(url: string): Promise<string> {
  const dir = path.join(parent, 'progress-app');
  await mkdir(dir, { recursive: true });
  const install = {
    run: [
      {
        method: 'shell.run',
        title: 'Prepare the folder',
        params: { message: `node -e "${PREPARE.replace(/"/g, '\\"')}"` },
      },
      { method: 'fs.download', params: { url, dir: 'models' } },
    ],
  };
  await writeFile(path.join(dir, 'install.json'), JSON.stringify(install, null, 2));
  await writeFile(
    path.join(dir, 'pinokio.js'),
    "module.exports = { version: '2.0', title: 'Progress App', menu: [{ text: 'Install', href: 'install.json' }] };\n",
  );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

beforeAll(async () => {
  await ensureBuilt();
  parent = await mkdtemp(path.join(os.tmpdir(), 'hangar-progress-'));
  [server, files, browser] = await Promise.all([spawnServer(), startFileServer(), launchBrowser()]);
  files.files.set('/tiny-model.safetensors', { body, etag: '"tm"', delayMs: 150 });
  page = (await openPage(browser, { width: 1366, height: 900 })).page;
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await files?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('install progress on the dashboard', () => {
  it('names the step of how many, shows the download bytes and a clean log', async () => {
    const dir = await launcherRepo(files.url('/tiny-model.safetensors'));
    await server.rpc('apps.install', { source: dir, name: 'progress-app' });
    await page.goto(`${server.url}/manage/progress-app`);

    const step = page.getByTestId('run-step');
    await step.filter({ hasText: 'Step 2 of 2' }).waitFor({ timeout: 60_000 });
    expect(await step.innerText()).toBe('Step 2 of 2 — Downloading tiny-model.safetensors');
    const download = page.getByTestId('run-download').filter({ hasText: 'tiny-model.safetensors' });
    await download.getByText(/[1-9][\d.]* (KB|MB) of 6\.0 MB · .*\/s · .* left/).waitFor({
      timeout: 30_000,
    });

    const log = page.getByTestId('log-view');
    await log.getByText('prepared', { exact: true }).waitFor();
    const logText = await log.innerText();
    expect(logText).toContain('preparing 100%');
    expect(logText).not.toContain('preparing 20%');
    expect(logText).not.toMatch(/[\u2800-\u28ff]/);
    // The colour survives the cleaning: the line's span carries the green of `ESC[32m`.
    const colour = await log
      .getByText('prepared', { exact: true })
      .evaluate((el) => (el as HTMLElement).style.color);
    expect(colour).not.toBe('');

    await screenshotSchemes(page, 'install-progress-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await download.getByText(/ of 6\.0 MB/).waitFor();
    // The downloads panel opened by itself while wide; at phone width it folds into the badge, off the log.
    const panel = page.getByTestId('downloads-panel');
    await page.locator('[data-testid="downloads-panel"][data-collapsed="true"]').waitFor();
    expect((await panel.boundingBox())!.height).toBeLessThan(60);
    // On a phone the install under way comes before the menu, runs and launch options.
    const menuTop = (await page.getByRole('heading', { name: 'Menu' }).boundingBox())!.y;
    expect((await step.boundingBox())!.y).toBeLessThan(menuTop);
    await screenshotSchemes(page, 'install-progress-390');
    // Long lines wrap at the view's width: nothing to scroll sideways, every line's text fits its place exactly.
    const view = page.getByTestId('log-view');
    // The row the line printed (the echoed command holds the same words).
    const longRow = view.locator(':scope > div > div', { hasText: /^a long line: / });
    await longRow.waitFor();
    const sideways = () => view.evaluate((el) => el.scrollWidth - el.clientWidth);
    await expect.poll(sideways, { timeout: 5_000 }).toBeLessThanOrEqual(0);
    await expect.poll(() => misplacedRows(page), { timeout: 5_000 }).toEqual([]);
    expect((await longRow.boundingBox())!.height).toBeGreaterThan(18 * 5);
    // Turned off, lines keep one row each and the view scrolls sideways.
    await page.getByRole('button', { name: 'Wrap lines' }).click();
    expect(
      await page.getByRole('button', { name: 'Wrap lines' }).getAttribute('aria-pressed'),
    ).toBe('false');
    await expect.poll(async () => (await longRow.boundingBox())!.height).toBe(18);
    expect(await sideways()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Wrap lines' }).click();
    await page.setViewportSize({ width: 1366, height: 900 });
    await expect.poll(() => misplacedRows(page), { timeout: 5_000 }).toEqual([]);

    await page
      .locator('[data-testid="state-badge"][data-state="installed"]')
      .waitFor({ timeout: 60_000 });
  }, 180_000);
});
