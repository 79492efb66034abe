// A download cut again and again: cuts that add bytes to the .part are progress, cuts that add none are counted, and
// the download gives up after the allowed number of fruitless attempts instead of pulling the file forever.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFile } from '../../lib/engine/downloads/fetch-file';
import { FileServer, startFileServer } from '../helpers/servers/file-server';
import { makeTempDir } from '../helpers/temp-dir';
import { within } from '../helpers/within';
import { expectDrillInvariants } from './invariants';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('download retries', () => {
  let server: FileServer;
  let dir: string;
  const body = randomBytes(2 * 1024 * 1024);

  beforeAll(async () => {
    server = await startFileServer();
    dir = await makeTempDir('hangar-retries-');
  });
  afterAll(() => server.stop());

  it('resumes through five cuts that each add bytes, and the file is whole', async () => {
    server.files.set('/cut.bin', {
      body,
      etag: '"cut"',
      cutAfter: [300_000, 300_000, 300_000, 300_000, 300_000],
    });
    const result = await fetchFile({
      url: server.url('/cut.bin'),
      dest: path.join(dir, 'cut.bin'),
      sha256: sha(body),
      backoffMs: 5,
      retries: 2,
    });
    expect(result.attempts).toBe(6);
    await expectDrillInvariants({ home: dir, files: { [path.join(dir, 'cut.bin')]: sha(body) } });
  });

  it('stops after the allowed attempts when every cut lands at the same byte (no progress), with the bytes pulled bounded', async () => {
    // No ranges: every attempt starts over and is cut at the same byte, so the .part never grows past it.
    const retries = 3;
    server.files.set('/stuck.bin', {
      body,
      noRanges: true,
      cutAfter: Array.from({ length: 40 }, () => 100_000),
    });
    const error = await within(
      fetchFile({
        url: server.url('/stuck.bin'),
        dest: path.join(dir, 'stuck.bin'),
        backoffMs: 5,
        retries,
      }).catch((e: unknown) => e),
      'the download to give up',
      10_000,
    );
    expect(error).toMatchObject({ code: 'network' });
    const requests = server.requestsFor('/stuck.bin');
    const pulled = requests.reduce((sum, r) => sum + r.sent, 0);
    console.log(
      `stuck download: gave up after ${requests.length} requests, ${pulled} bytes pulled`,
    );
    // The first attempt made progress (0 → 100,000 bytes) and counts as failure one; `retries` fruitless ones end it.
    expect(requests.length).toBe(retries + 1);
    expect(pulled).toBe((retries + 1) * 100_000);
    // What the .part holds is the file's first bytes, none lost or garbled by the cuts.
    const part = await readFile(path.join(dir, 'stuck.bin.part'));
    await expectDrillInvariants({
      home: dir,
      files: { [path.join(dir, 'stuck.bin.part')]: sha(body.subarray(0, part.length)) },
    });
  });
});
