// The disk-space check before a download of known size: the rule on given readings, then a real 2 MiB tmpfs
// where a file too big is refused before a byte is written (by its Content-Length, or by a size known beforehand).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpace, ensureSpace, spaceMargin } from '../../lib/engine/downloads';
import { DownloadManager } from '../../lib/engine/downloads';
import { EngineError } from '../../lib/engine/errors';
import { EventBus } from '../../lib/engine/events';
import { ensureHome } from '../../lib/engine/home';
import { fetchOne } from '../../lib/engine/steps/downloads/fetch-one';
import { FileServer, startFileServer } from '../helpers/servers/file-server';
import { within } from '../helpers/within';
import { createTestHome } from '../lib/engine/steps/downloads/step-context';
import { mountTmpfs } from './tmpfs';

const MiB = 1024 * 1024;

function refusal(run: () => void): EngineError {
  try {
    run();
  } catch (error) {
    return error as EngineError;
  }
  throw new Error('expected a disk_full error');
}

describe('the disk-space rule', () => {
  it('keeps 64 MiB free on a big disk and 2% of a small one', () => {
    expect(spaceMargin(1000 * 1024 * MiB)).toBe(64 * MiB);
    expect(spaceMargin(100 * MiB)).toBe(2 * MiB);
  });

  it('passes what fits with the margin and refuses the rest naming the file, the need and the free bytes', () => {
    const disk = { size: 100 * MiB, free: 10 * MiB };
    expect(() => ensureSpace('/x/a.bin', 8 * MiB, disk)).not.toThrow();
    const error = refusal(() => ensureSpace('/x/model.safetensors', 8 * MiB + 1, disk));
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('disk_full');
    expect(error.message).toContain('/x/model.safetensors');
    expect(error.message).toContain(`${8 * MiB + 1} bytes`);
    expect(error.message).toContain(`${10 * MiB} bytes) free`);
    expect(error.details).toEqual({
      path: '/x/model.safetensors',
      neededBytes: 8 * MiB + 1,
      freeBytes: 10 * MiB,
      marginBytes: 2 * MiB,
    });
  });

  it('checks nothing when the free space cannot be read or nothing is needed', async () => {
    expect(() => ensureSpace('/x/a.bin', 10 ** 15, null)).not.toThrow();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return { size: MiB, free: 0 };
    };
    await checkSpace('/x/a.bin', 0, read);
    expect(reads).toBe(0);
    await expect(checkSpace('/x/a.bin', 1, read)).rejects.toMatchObject({ code: 'disk_full' });
    expect(reads).toBe(1);
  });
});

describe('a download of known size on a 2 MiB disk', () => {
  let disk: string;
  let server: FileServer;

  beforeAll(async () => {
    disk = await mountTmpfs(2);
    server = await startFileServer();
  });
  afterAll(() => server.stop());

  it('is refused from its Content-Length before a byte is written, and a file that fits lands', async () => {
    const home = (await ensureHome(path.join(disk, 'home'))).layout;
    server.files.set('/big.bin', { body: randomBytes(3 * MiB) });
    server.files.set('/small.bin', { body: randomBytes(MiB) });
    const manager = new DownloadManager({ home, bus: new EventBus(), backoffMs: 10 });
    try {
      const dest = path.join(disk, 'big.bin');
      const big = manager.start({ url: server.url('/big.bin'), dest });
      const error = (await within(
        big.done.catch((e: unknown) => e),
        'the big download to be refused',
        10_000,
      )) as EngineError;
      expect(error.code).toBe('disk_full');
      expect(error.message).toContain(dest);
      expect(error.message).toContain(`${3 * MiB} bytes`);
      expect(error.details).toMatchObject({ path: dest, neededBytes: 3 * MiB });
      expect(server.requestsFor('/big.bin')).toHaveLength(1);
      expect(existsSync(`${dest}.part`)).toBe(false);
      const small = await manager.start({
        url: server.url('/small.bin'),
        dest: path.join(disk, 'small.bin'),
      }).done;
      expect(small.bytes).toBe(MiB);
      expect((await stat(path.join(disk, 'small.bin'))).size).toBe(MiB);
    } finally {
      await manager.dispose();
    }
  });

  it('is refused from a size known beforehand without any request', async () => {
    const t = await createTestHome();
    try {
      server.files.set('/lfs/model.safetensors', { body: randomBytes(16) });
      const before = server.requests.length;
      const dest = path.join(disk, 'models', 'model.safetensors');
      const error = (await fetchOne(await t.context('app'), t.services, {
        url: server.url('/lfs/model.safetensors'),
        dest,
        size: 5 * MiB,
      }).catch((e: unknown) => e)) as EngineError;
      expect(error.code).toBe('disk_full');
      expect(error.details).toMatchObject({ path: dest, neededBytes: 5 * MiB });
      expect(server.requests.length).toBe(before);
    } finally {
      await t.dispose();
    }
  });
});
