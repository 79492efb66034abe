// Terminals in the browser (type, read the echo, reload and find the screen again) and a 100 000-line log that keeps the page responsive, also after a reload.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openPage, screenshotSchemes } from './helpers/browser';
import { withServerAndBrowser } from './helpers/server-and-browser';

const e2e = withServerAndBrowser(path.join(__dirname, 'fixtures/flood-app'));

describe('terminals in the browser', () => {
  it('opens a terminal, echoes a command, and finds the same screen after a reload', async () => {
    const { page, errors } = await openPage(e2e.browser);
    await page.goto(`${e2e.server.url}/terminals`);
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.waitForURL(/\/terminals\?id=/);
    const url = page.url();
    await page
      .locator('[data-testid="terminal-status"]', { hasText: 'connected' })
      .waitFor({ timeout: 10_000 });
    await page.getByTestId('terminal').click();
    await page.keyboard.type('echo hello-$RANDOM\n');
    const rows = page.locator('.xterm-rows');
    await rows
      .getByText(/^hello-\d+\s*$/)
      .first()
      .waitFor({ timeout: 10_000 });
    const echoed = /(?:^|\n)(hello-\d+)\s*(?:\n|$)/.exec(await rows.innerText())![1];
    await screenshotSchemes(page, 'terminals-wide');
    await page.reload();
    expect(page.url()).toBe(url);
    await page
      .locator('[data-testid="terminal-status"]', { hasText: 'connected' })
      .waitFor({ timeout: 10_000 });
    await rows.getByText(echoed, { exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('tab').count()).toBe(1);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshotSchemes(page, 'terminals-phone');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});

/** Scrolls the log view to the top: the milliseconds until the first line rendered (waited for, at most 2 s more). */
async function scrollToTop(page: Page): Promise<number> {
  const ms = await page.evaluate(async () => {
    const view = document.querySelector('[data-testid="log-view"]')!;
    const t0 = performance.now();
    view.scrollTop = 0;
    view.dispatchEvent(new Event('scroll'));
    for (let i = 0; i < 30 && !/line 1 of the flood/.test(view.textContent ?? ''); i++)
      await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  });
  await page
    .getByTestId('log-view')
    .getByText('line 1 of the flood')
    .first()
    .waitFor({ timeout: 2_000 });
  return ms;
}

describe('a 100 000-line log', () => {
  it('streams into the dashboard while the main thread stays responsive, and a reload shows all of it', async () => {
    const { page, errors } = await openPage(e2e.browser);
    const { runId } = await e2e.call('apps.install', {
      source: e2e.repo.dir,
    });
    await page.goto(`${e2e.server.url}/manage/flood-app?run=${runId}`);
    const form = page.getByTestId('input-form');
    await form.getByText('Ready to flood?').waitFor({ timeout: 20_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => w.__long.push(e.duration)),
      ).observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByTestId('log-view').getByText('flood done').waitFor({ timeout: 60_000 });
    const elapsedMs = Date.now() - started;
    const count = Number(
      (await page.getByTestId('log-count').innerText()).split(' ')[0]!.replace(/,/g, ''),
    );
    expect(count).toBeGreaterThanOrEqual(100_001);
    // Responsiveness after the flood: scrolling to the top shows the first line within a frame or two.
    const scrollMs = await scrollToTop(page);
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    const total = Math.round(long.reduce((a, b) => a + b, 0));
    const max = Math.round(Math.max(0, ...long));
    console.log(
      `[long-log] ${count} lines in ${elapsedMs} ms; long tasks: ${long.length}, total ${total} ms, longest ${max} ms; scroll to top rendered in ${Math.round(scrollMs)} ms`,
    );
    await screenshotSchemes(page, 'manage-long-log-wide');
    expect(max).toBeLessThan(1000);
    expect(scrollMs).toBeLessThan(500);

    // A reload replays the whole run from its log file, not only what the server holds in memory.
    await page.addInitScript(() => {
      const w = window as unknown as { __log: { mounted?: number; last?: number; long: number[] } };
      w.__log = { long: [] };
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => w.__log.long.push(e.duration)),
      ).observe({ type: 'longtask', buffered: true });
      const watch = () => {
        const view = document.querySelector('[data-testid="log-view"]');
        if (view && w.__log.mounted === undefined) w.__log.mounted = performance.now();
        if (view && /flood done/.test(view.textContent ?? '')) w.__log.last = performance.now();
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.reload();
    await page.getByTestId('log-view').getByText('flood done').waitFor({ timeout: 30_000 });
    const reload = await page.evaluate(
      () =>
        (window as unknown as { __log: { mounted: number; last: number; long: number[] } }).__log,
    );
    const reloaded = Number(
      (await page.getByTestId('log-count').innerText()).split(' ')[0]!.replace(/,/g, ''),
    );
    expect(reloaded).toBe(count);
    const reloadScrollMs = await scrollToTop(page);
    const logPaintMs = Math.round(reload.last - reload.mounted);
    const reloadMax = Math.round(Math.max(0, ...reload.long));
    console.log(
      `[long-log] reload: ${reloaded} lines, last line shown ${logPaintMs} ms after the log mounted (${Math.round(reload.last)} ms after navigation); longest task ${reloadMax} ms; scroll to top ${Math.round(reloadScrollMs)} ms`,
    );
    expect(logPaintMs).toBeLessThan(2000);
    expect(reloadMax).toBeLessThan(1000);
    expect(reloadScrollMs).toBeLessThan(500);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
