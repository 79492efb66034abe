// What the downloads panel's browser tests share: a production Hangar, a file server that serves slowly enough to
// act on a download, Chromium, and the panel's items by name and state.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt } from '../../../server/bin/build.mjs';
import { writeTestConfig } from '../../helpers/port-range';
import { waitFor } from '../../helpers/processes';
import { startFileServer, type FileServer } from '../../helpers/servers/file-server';
import { spawnServer, type ServerProcess } from '../../helpers/spawn-server';
import { launchBrowser } from './browser';

export interface DownloadsWorld {
  home: string;
  server: ServerProcess;
  files: FileServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The model file the tests download: 128 chunks of 64 KiB, 80 ms apart, about ten seconds. */
export const SLOW_MODEL = Buffer.alloc(8 * 1024 * 1024, 3);

export async function startDownloadsWorld(): Promise<DownloadsWorld> {
  await ensureBuilt();
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-dlpanel-'));
  await writeTestConfig(home);
  const [server, files, browser] = await Promise.all([
    spawnServer({ home }),
    startFileServer(),
    launchBrowser(),
  ]);
  files.files.set('/sd-xl-base.safetensors', { body: SLOW_MODEL, etag: '"sd"', delayMs: 80 });
  return {
    home,
    server,
    files,
    browser,
    // The server a test may have replaced (a restart) is the one stopped.
    async close(this: DownloadsWorld) {
      await this.browser.close();
      await this.server.stop();
      await this.files.stop();
      await rm(this.home, { recursive: true, force: true });
    },
  };
}

/** A download's item in the panel, by a part of its name. */
export const downloadItem = (page: Page, name: string) =>
  page.getByTestId('download-item').filter({ hasText: name });

/** Waits until the named download's item shows `state`. */
export async function downloadStateIs(page: Page, name: string, state: string): Promise<void> {
  await page
    .locator(`[data-testid="download-item"][data-state="${state}"]`)
    .filter({ hasText: name })
    .waitFor({ timeout: 20_000 });
}

const MOVING = ['queued', 'downloading', 'verifying'];

/** Waits until no download of the server is queued, downloading or verifying. */
export async function noDownloadMoving(server: ServerProcess): Promise<void> {
  await waitFor(
    async () => (await server.rpc('downloads.list')).every((d) => !MOVING.includes(d.state)),
    'no download moving',
    30_000,
  );
}
