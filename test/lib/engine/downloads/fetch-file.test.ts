// fetchFile against a real loopback server: resume, verification, redirects, stalls and cancel.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchFile } from '../../../../lib/engine/downloads/fetch-file';
import { FileServer, startFileServer } from '../../../helpers/servers/file-server';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('fetchFile', () => {
  let server: FileServer;
  let other: FileServer;
  let dir: string;
  const body = randomBytes(1024 * 1024 + 123);

  beforeEach(async () => {
    server = await startFileServer();
    other = await startFileServer();
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-fetch-'));
  });
  afterEach(async () => {
    await server.stop();
    await other.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads a file and renames it from .part only when complete', async () => {
    server.files.set('/m.bin', { body, etag: '"v1"' });
    const dest = path.join(dir, 'm.bin');
    const result = await fetchFile({ url: server.url('/m.bin'), dest, hash: true });
    expect(result.sha256).toBe(sha(body));
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(existsSync(`${dest}.part.json`)).toBe(false);
  });

  it('resumes after a cut and transfers only the missing bytes', async () => {
    server.files.set('/m.bin', { body, etag: '"v1"', cutAfter: [300_000, 300_000] });
    const dest = path.join(dir, 'm.bin');
    const result = await fetchFile({
      url: server.url('/m.bin'),
      dest,
      sha256: sha(body),
      backoffMs: 10,
    });
    expect((await readFile(dest)).equals(body)).toBe(true);
    const reqs = server.requestsFor('/m.bin');
    expect(reqs).toHaveLength(3);
    expect(reqs[1].headers.range).toBe('bytes=300000-');
    expect(reqs[1].headers['if-range']).toBe('"v1"');
    expect(reqs[2].headers.range).toBe('bytes=600000-');
    expect(reqs.reduce((n, r) => n + r.sent, 0)).toBe(body.length);
    expect(result.resumedFrom).toBe(600_000);
  });

  it('resumes a .part left by a crash in an earlier process', async () => {
    server.files.set('/m.bin', { body, etag: '"v1"', cutAfter: [500_000] });
    const dest = path.join(dir, 'm.bin');
    await expect(fetchFile({ url: server.url('/m.bin'), dest, retries: 0 })).rejects.toMatchObject({
      code: 'network',
    });
    expect(existsSync(dest)).toBe(false);
    expect((await readFile(`${dest}.part`)).length).toBe(500_000);
    await fetchFile({ url: server.url('/m.bin'), dest });
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(server.requestsFor('/m.bin')[1].sent).toBe(body.length - 500_000);
  });

  it('starts over when the file changed on the server (If-Range fails)', async () => {
    server.files.set('/m.bin', { body, etag: '"v1"', cutAfter: [400_000] });
    const dest = path.join(dir, 'm.bin');
    await expect(fetchFile({ url: server.url('/m.bin'), dest, retries: 0 })).rejects.toThrow();
    const changed = randomBytes(700_000);
    server.files.set('/m.bin', { body: changed, etag: '"v2"' });
    await fetchFile({ url: server.url('/m.bin'), dest });
    expect((await readFile(dest)).equals(changed)).toBe(true);
  });

  it('reports a hash mismatch with expected and actual, keeping the .part', async () => {
    server.files.set('/m.bin', { body });
    const dest = path.join(dir, 'm.bin');
    const wrong = 'a'.repeat(64);
    const error = await fetchFile({ url: server.url('/m.bin'), dest, sha256: wrong }).catch(
      (e) => e,
    );
    expect(error.code).toBe('checksum_mismatch');
    expect(error.message).toContain(wrong);
    expect(error.message).toContain(sha(body));
    expect(existsSync(dest)).toBe(false);
    expect((await readFile(`${dest}.part`)).equals(body)).toBe(true);
  });

  it('verifies against the sha256 announced by an LFS-style ETag', async () => {
    server.files.set('/m.bin', { body, headers: { 'x-linked-etag': `"${'b'.repeat(64)}"` } });
    const dest = path.join(dir, 'm.bin');
    await expect(fetchFile({ url: server.url('/m.bin'), dest })).rejects.toMatchObject({
      code: 'checksum_mismatch',
    });
  });

  it('handles chunked responses without a length', async () => {
    server.files.set('/c.bin', { body, chunked: true });
    const dest = path.join(dir, 'c.bin');
    const result = await fetchFile({ url: server.url('/c.bin'), dest, hash: true });
    expect(result.sha256).toBe(sha(body));
  });

  it('keeps Authorization on same-host redirects and drops it on cross-host ones', async () => {
    server.files.set('/final.bin', { body });
    other.files.set('/final.bin', { body });
    server.redirects.set('/same', { to: '/final.bin' });
    server.redirects.set('/cross', { to: other.url('/final.bin') });
    await fetchFile({
      url: server.url('/same'),
      dest: path.join(dir, 'a'),
      headers: { authorization: 'Bearer s3cret' },
    });
    await fetchFile({
      url: server.url('/cross'),
      dest: path.join(dir, 'b'),
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(server.requestsFor('/final.bin')[0].headers.authorization).toBe('Bearer s3cret');
    expect(other.requestsFor('/final.bin')[0].headers.authorization).toBeUndefined();
    expect(server.requestsFor('/cross')[0].headers.authorization).toBe('Bearer s3cret');
  });

  it('retries a stalled transfer after the watchdog fires and resumes', async () => {
    server.files.set('/s.bin', { body, etag: '"v1"', stallAfter: 200_000 });
    const dest = path.join(dir, 's.bin');
    await fetchFile({ url: server.url('/s.bin'), dest, stallMs: 300, backoffMs: 10 });
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(server.requestsFor('/s.bin')[1].headers.range).toBe('bytes=200000-');
  });

  it('fails fast on 404 without retrying', async () => {
    const error = await fetchFile({
      url: server.url('/missing'),
      dest: path.join(dir, 'x'),
      backoffMs: 10,
    }).catch((e) => e);
    expect(error.code).toBe('network');
    expect(error.message).toContain('404');
    expect(server.requestsFor('/missing')).toHaveLength(1);
  });

  it('is cancelled by its AbortSignal', async () => {
    server.files.set('/slow.bin', { body, delayMs: 50 });
    const controller = new AbortController();
    const dest = path.join(dir, 'slow.bin');
    const promise = fetchFile({
      url: server.url('/slow.bin'),
      dest,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(dest)).toBe(false);
  });

  it('skips a file that already exists (Pinokio behaviour) unless its hash is wrong', async () => {
    server.files.set('/m.bin', { body });
    const dest = path.join(dir, 'm.bin');
    await writeFile(dest, 'old');
    expect((await fetchFile({ url: server.url('/m.bin'), dest })).skipped).toBe(true);
    expect(server.requests).toHaveLength(0);
    await fetchFile({ url: server.url('/m.bin'), dest, sha256: sha(body) });
    expect((await readFile(dest)).equals(body)).toBe(true);
  });
});
