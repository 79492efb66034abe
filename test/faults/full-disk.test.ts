// Full-disk drills on a real 8 MiB tmpfs: a download stops with disk_full and resumes once space is freed, the apps
// store survives a failed write, and a start on a full home names the file it could not write.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppStore } from '../../lib/engine/apps/app-store';
import { DownloadManager } from '../../lib/engine/downloads';
import { EngineError } from '../../lib/engine/errors';
import { EventBus } from '../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../lib/engine/home';
import { parseServerConfig } from '../../server/config';
import { startHangar } from '../../server/hangar-server';
import { appRecord } from '../helpers/app-record';
import { FileServer, startFileServer } from '../helpers/servers/file-server';
import { within } from '../helpers/within';
import { fillDisk, freeBytesOf, freeDisk, mountTmpfs } from './tmpfs';
import { expectDrillInvariants } from './invariants';

const MiB = 1024 * 1024;

describe('a full disk', () => {
  let disk: string;
  let server: FileServer;

  beforeAll(async () => {
    disk = await mountTmpfs(8);
    server = await startFileServer();
  });
  afterAll(() => server.stop());

  it('stops a download at once with disk_full, keeps its .part, and the download completes once space is freed', async () => {
    const home: HomeLayout = (await ensureHome(path.join(disk, 'download-home'))).layout;
    const body = randomBytes(6 * MiB);
    const sha256 = createHash('sha256').update(body).digest('hex');
    // Sent without a length, so the check before writing cannot refuse it: the disk fills mid-transfer.
    server.files.set('/model.bin', { body, etag: '"model-v1"', chunked: true });
    const filler = path.join(disk, 'filler-download');
    await fillDisk(filler, 2 * MiB);
    const dest = path.join(home.drive, 'model.bin');
    const manager = new DownloadManager({ home, bus: new EventBus(), backoffMs: 10, retries: 10 });
    try {
      const started = Date.now();
      const first = manager.start({ url: server.url('/model.bin'), dest, sha256 });
      const error = await within(
        first.done.catch((e: unknown) => e),
        'the download to fail on the full disk',
        10_000,
      );
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('disk_full');
      expect((error as Error).message).toContain(`${dest}.part`);
      expect((error as Error).message).toMatch(/\d+ bytes free/);
      // One request, and no more bytes pulled than the file holds: no retry loop on a disk error.
      const pulled = server.requestsFor('/model.bin').reduce((sum, r) => sum + r.sent, 0);
      console.log(
        `full-disk download: failed after ${Date.now() - started} ms, ${server.requestsFor('/model.bin').length} request(s), ${pulled} bytes pulled`,
      );
      expect(server.requestsFor('/model.bin')).toHaveLength(1);
      expect(pulled).toBeLessThanOrEqual(body.length);
      expect(manager.get(first.id)).toMatchObject({
        state: 'failed',
        error: { code: 'disk_full' },
      });
      const kept = (await stat(`${dest}.part`)).size;
      expect(kept).toBeGreaterThan(0);

      await freeDisk(filler);
      const second = manager.start({ url: server.url('/model.bin'), dest, sha256 });
      const result = await within(
        second.done,
        'the download to complete after space was freed',
        10_000,
      );
      expect(result.actualSha256).toBe(sha256);
      expect(result.resumedFrom).toBe(kept);
      expect(server.requestsFor('/model.bin')[1]!.headers.range).toBe(`bytes=${kept}-`);
      await expectDrillInvariants({ home: home.root, files: { [dest]: sha256 } });
    } finally {
      await manager.dispose();
      await freeDisk(filler);
    }
  });

  it('fails one apps.json write with disk_full, leaves no temp file, and the next write lands', async () => {
    const home = (await ensureHome(path.join(disk, 'apps-home'))).layout;
    const store = new AppStore(home);
    await store.put(appRecord('one'));
    const filler = path.join(disk, 'filler-apps');
    await fillDisk(filler);
    try {
      const error = await store.put(appRecord('two')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('disk_full');
      expect((error as Error).message).toContain(path.join(home.state, 'apps.json'));
      expect((error as Error).message).toContain(`${await freeBytesOf(disk)} bytes free`);
      expect((await readdir(home.state)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await freeDisk(filler);
    }
    await store.put(appRecord('three'));
    const again = new AppStore(home);
    await again.load();
    expect(again.list().map((r) => r.name)).toEqual(['one', 'three', 'two']);
    await expectDrillInvariants({ home: home.root });
  });

  it('refuses to start Hangar on a full home with a disk_full error naming the file it could not write', async () => {
    const home = path.join(disk, 'start-home');
    await mkdir(home);
    const filler = path.join(disk, 'filler-start');
    await fillDisk(filler);
    try {
      const config = parseServerConfig(['--port', '0', '--home', home, '--headless'], {});
      const error = await startHangar(config, {
        ui: false,
        dir: path.resolve(__dirname, '../..'),
      }).then(
        async (hangar) => {
          await hangar.close();
          return null;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('disk_full');
      expect((error as Error).message).toContain(path.join(home, 'config.json'));
      await expectDrillInvariants({ home });
    } finally {
      await freeDisk(filler);
    }
  });
});
