// The cluster in Chromium, on a real two-node Slurm cluster (two GPUs per node): Settings' Cluster panel lists both
// nodes; launch options place an app on Slurm (bad fields shown in place, the start's refusal shown); the page shows
// its job running on a node and the app serves from there; with every GPU taken a third app's job shows queued,
// waiting for free resources (Slurm's PENDING, Resources) live on its page and its Library card, then running once
// GPUs free. Wide and phone, light and dark.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../server/bin/build.mjs';
import { fetchApp } from '../helpers/app-origin';
import { waitFor } from '../helpers/processes';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { startSlurmCluster, type SlurmCluster } from '../helpers/slurm/cluster';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { queued, waitForApp } from '../runners/slurm-helpers';
import { launchBrowser, openPage, screenshot, type WatchedPage } from './helpers/browser';

let cluster: SlurmCluster;
let repo: TempRepo;
let home: string;
let server: ServerProcess;
let browser: Browser;
let watched: WatchedPage;

beforeAll(async () => {
  await ensureBuilt();
  [cluster, repo, browser] = await Promise.all([
    startSlurmCluster({ nodes: 2, gpusPerNode: 2 }),
    repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/cluster-app')),
    launchBrowser(),
  ]);
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-e2e-cluster-'));
  await writeTestConfig(home, {
    runners: {
      slurm: { slurmConf: cluster.conf, partition: cluster.partition, maxGpus: 2, pollMs: 300 },
    },
    stopTimeoutMs: 2000,
  });
  server = await spawnServer({ home });
  for (const name of ['one', 'two', 'three']) {
    await server.rpc('apps.install', { source: repo.dir, name });
    await waitForApp(server, name, (a) => a.state === 'installed');
  }
  watched = await openPage(browser, { width: 1366, height: 900 });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
  await cluster?.stop();
  await repo?.remove();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Wide and phone in light, and wide in dark. */
async function photograph(page: Page, name: string, scrollTo?: () => Promise<void>) {
  for (const [width, height, size, scheme] of [
    [1366, 900, 'wide', 'light'],
    [390, 844, 'phone', 'light'],
    [1366, 900, 'wide', 'dark'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await scrollTo?.();
    await screenshot(page, `cluster-${name}-${size}-${scheme}`);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** "running on n1" or on another of the cluster's nodes. */
const runningOnANode = () =>
  new RegExp(`running on (?:${cluster.nodes.map((n) => n.name).join('|')})$`);

const startButton = (page: Page) =>
  page.getByRole('list', { name: 'Launcher menu' }).getByRole('button', { name: 'Start' });

describe('the cluster in the browser', () => {
  it("Settings' Cluster panel lists the partition and both nodes with their GPUs", async () => {
    const { page } = watched;
    await page.goto(`${server.url}/settings`);
    const panel = page.getByTestId('settings-cluster');
    await panel.waitFor({ timeout: 20_000 });
    for (const node of cluster.nodes) {
      const row = panel.getByTestId(`cluster-node-${node.name}`);
      await row.waitFor({ timeout: 20_000 });
      const cells = await row.locator('td').allInnerTexts();
      expect(cells[1]).toBe(node.addr);
      expect(cells[2]).toBe('free');
      expect(cells[5]).toBe('0 / 2');
    }
    await panel.getByText(`${cluster.partition} (default)`).waitFor();
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await photograph(page, 'settings', () => panel.scrollIntoViewIfNeeded());
  }, 60_000);

  it('places an app on Slurm with 2 GPUs; its page shows the job running on a node and the app serves', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/manage/one`);
    const panel = page.getByRole('region', { name: 'Launch options' });
    await panel.waitFor({ timeout: 20_000 });
    await panel.locator('summary').click();
    await panel.getByLabel('Slurm cluster').check();
    await panel.getByRole('combobox', { name: 'Partition' }).waitFor();
    expect(
      await panel.getByRole('combobox', { name: 'Partition' }).locator('option').allInnerTexts(),
    ).toEqual([`Default (${cluster.partition})`, cluster.partition]);
    // The schema's word on a bad field, in place, and Save refuses while it stands.
    await panel.getByLabel('Memory').fill('lots');
    await panel.getByText('a size such as 16G or 4096M').waitFor();
    await panel.getByRole('button', { name: 'Save launch options' }).click();
    await panel
      .getByRole('alert')
      .getByText(/Fix the Slurm fields/)
      .waitFor();
    await panel.getByLabel('Memory').fill('');
    // More GPUs than runners.slurm.maxGpus: saved, and the start's refusal is shown.
    await panel.getByLabel('GPUs').fill('3');
    await panel.getByRole('button', { name: 'Save launch options' }).click();
    await panel.getByRole('status').getByText('Saved.').waitFor({ timeout: 10_000 });
    await startButton(page).click();
    // In the run's log below the failure (the full error message, which says it too, stays folded under the plain
    // words).
    await page
      .getByTestId('log-view')
      .getByText(/maxGpus allows 2/)
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 20_000 });
    // What to do names the fix, not a Retry that would be refused the same way.
    await page
      .getByText("Set GPUs to 2 or fewer in the app's Launch options and press Retry", {
        exact: false,
      })
      .waitFor();
    await page.locator('[data-testid="state-badge"][data-state="failed"]').first().waitFor();
    await photograph(page, 'refused');

    await panel.getByLabel('GPUs').fill('2');
    await panel.getByLabel('Time limit').fill('10');
    await panel.getByRole('button', { name: 'Save launch options' }).click();
    await panel.getByRole('status').getByText('Saved.').waitFor({ timeout: 10_000 });
    expect((await server.rpc('apps.get', { name: 'one' })).launch.placement).toEqual({
      runner: 'slurm',
      gpus: 2,
      time: '10',
    });
    await panel
      .locator('summary')
      .getByText(`Slurm: default partition, 2 GPUs, 10 min limit`)
      .waitFor({ timeout: 10_000 });
    // After the failed start, Retry (above the menu) starts it.
    await page.getByRole('button', { name: 'Retry' }).click();
    const job = page.getByTestId('job-status');
    await page.locator('[data-job-state="RUNNING"]').waitFor({ timeout: 90_000 });
    const app = await waitForApp(server, 'one', (a) => a.state === 'running');
    expect(await job.innerText()).toBe(`Slurm job ${app.job!.jobId} · running on ${app.job!.node}`);
    expect(await job.getAttribute('title')).toBe('Slurm: RUNNING');
    const res = await fetchApp(Number(new URL(server.url).port), 'one', '/');
    expect(`${res.status} ${await res.text()}`).toContain(`200 served by ${app.job!.node} `);
    await photograph(page, 'running');
  }, 180_000);

  it("with every GPU taken a third app's job shows queued for free resources live, then running", async () => {
    const { page, errors } = watched;
    for (const name of ['two', 'three'])
      await server.rpc('apps.configure', { name, placement: { runner: 'slurm', gpus: 2 } });
    await server.rpc('apps.start', { name: 'two' });
    await page.goto(`${server.url}/manage/three`);
    await startButton(page).click();
    const pending = page.locator('[data-testid="job-status"][data-job-state="PENDING"]');
    await pending.waitFor({ timeout: 60_000 });
    await pending
      .filter({ hasText: /^Slurm job \d+ · queued: waiting for free resources$/ })
      .waitFor({ timeout: 30_000 });
    await photograph(page, 'pending');

    const library = await openPage(browser, { width: 1366, height: 900 });
    await library.page.goto(`${server.url}/`);
    const card = library.page.getByTestId('app-card-three');
    await card
      .getByTestId('job-status')
      .filter({ hasText: /queued: waiting for free resources/ })
      .waitFor({ timeout: 20_000 });
    await library.page.getByTestId('app-card-one').getByText(runningOnANode()).waitFor();
    // A queued start says so in words, and can be stopped from its card.
    expect(await card.getByTestId('busy-label').innerText()).toBe('Queued…');
    await card.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    await photograph(library.page, 'library-pending');
    // Settings, refreshed, sees every GPU of both nodes in use.
    await library.page.goto(`${server.url}/settings`);
    const panel = library.page.getByTestId('settings-cluster');
    await panel.getByTestId(`cluster-node-${cluster.nodes[0]!.name}`).waitFor({ timeout: 20_000 });
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await waitFor(
      async () => {
        const used = await Promise.all(
          cluster.nodes.map((n) =>
            panel.getByTestId(`cluster-node-${n.name}`).locator('td').nth(5).innerText(),
          ),
        );
        return used.every((u) => u === '2 / 2');
      },
      'both nodes with 2 / 2 GPUs used',
      20_000,
    );
    // The refused start of one is history now that it runs: the doctor lists it among recent failures, not problems.
    const doctor = library.page.getByTestId('settings-doctor');
    await doctor.getByText(/^Disk of the home/).waitFor({ timeout: 20_000 });
    expect(await doctor.innerText()).not.toContain('one failed');
    await photograph(library.page, 'settings-busy', () => panel.scrollIntoViewIfNeeded());
    await library.page.goto(`${server.url}/`);

    // GPUs free: the waiting job runs, and both pages follow without a reload.
    await server.rpc('apps.stop', { name: 'two' });
    await page.locator('[data-job-state="RUNNING"]').waitFor({ timeout: 90_000 });
    await card.getByText(runningOnANode()).waitFor({ timeout: 30_000 });
    await waitForApp(server, 'three', (a) => a.state === 'running');
    await Promise.all(['one', 'three'].map((name) => server.rpc('apps.stop', { name })));
    expect(await queued(cluster)).toEqual([]);
    expect(errors).toEqual([]);
    expect(library.errors).toEqual([]);
    await library.page.context().close();
  }, 240_000);
});
