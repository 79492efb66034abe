// hf.download's cache entries from the Hub's answers: HEAD when the listing lacks blob ids, commits, datasets, adoption.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import { DEFAULT_COMMIT, gitBlobSha1, sha256Of } from '../../../../helpers/servers/hf-server';
import { hfWorldPerTest } from './step-context';

const OTHER = 'dd44000000000000000000000000000000000004';

describe('hf.download into the hub cache', () => {
  const w = hfWorldPerTest();
  const weights = randomBytes(50_000);
  const config = Buffer.from('{"a":1}');

  async function download(params: object, ctx: StepContext) {
    return downloadSteps['hf.download']!.run(params, ctx, soloStepRequest('hf.download', params));
  }
  const hub = (folder: string, ...rest: string[]) =>
    path.join(w.t.home.cache, 'HF_HOME', 'hub', folder, ...rest);

  it('names blobs from HEAD answers when the listing carries no blob ids', async () => {
    w.hf.blobsInListing = false;
    w.hf.repos.set('org/m', {
      files: { 'w.safetensors': { body: weights, lfs: true }, 'sub/config.json': { body: config } },
    });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/m' }, ctx);
    const heads = w.server.requests.filter(
      (r) => r.method === 'HEAD' && r.path.includes('/resolve/'),
    );
    expect(heads).toHaveLength(2);
    expect(await readFile(hub('models--org--m', 'blobs', sha256Of(weights)))).toEqual(weights);
    expect(await readFile(hub('models--org--m', 'blobs', gitBlobSha1(config)))).toEqual(config);
    expect(
      await readlink(hub('models--org--m', 'snapshots', DEFAULT_COMMIT, 'sub', 'config.json')),
    ).toBe(`../../../blobs/${gitBlobSha1(config)}`);
    expect(await readFile(hub('models--org--m', 'refs', 'main'), 'utf8')).toBe(DEFAULT_COMMIT);
  });

  it('a revision given as a commit gets a snapshot and no ref; a dataset gets its own folder', async () => {
    w.hf.repos.set('org/m', { files: { 'c.json': { body: config } }, refs: { dev: OTHER } });
    w.hf.repos.set('org/set', { type: 'dataset', files: { 'rows.csv': { body: config } } });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/m', files: ['c.json'], revision: OTHER }, ctx);
    await download({ repo: 'org/set', 'repo-type': 'dataset' }, ctx);
    expect(await readFile(hub('models--org--m', 'snapshots', OTHER, 'c.json'))).toEqual(config);
    expect(await lstat(hub('models--org--m', 'refs')).catch(() => null)).toBeNull();
    const resolved = w.server.requests.find(
      (r) => r.method === 'GET' && r.path.includes('/resolve/'),
    );
    expect(resolved?.path).toContain(`/resolve/${OTHER}/c.json`);
    expect(await readFile(hub('datasets--org--set', 'refs', 'main'), 'utf8')).toBe(DEFAULT_COMMIT);
    expect(
      await readFile(hub('datasets--org--set', 'snapshots', DEFAULT_COMMIT, 'rows.csv')),
    ).toEqual(config);
  });

  it('a blob an app cached by itself becomes the drive blob and the local-dir link, with no transfer', async () => {
    w.hf.repos.set('org/m', { files: { 'w.safetensors': { body: weights, lfs: true } } });
    const blob = hub('models--org--m', 'blobs', sha256Of(weights));
    await mkdir(path.dirname(blob), { recursive: true });
    await writeFile(blob, weights);
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/m', 'local-dir': 'models' }, ctx);
    expect(w.hf.bodyRequests()).toEqual([]);
    const drive = path.join(w.t.home.drive, 'blobs', 'sha256', sha256Of(weights));
    const [b, d, l] = await Promise.all([
      stat(blob),
      stat(drive),
      stat(path.join(ctx.appDir, 'models', 'w.safetensors')),
    ]);
    expect([b.ino, l.ino]).toEqual([d.ino, d.ino]);
    expect(
      (
        await readFile(
          path.join(ctx.appDir, 'models/.cache/huggingface/download/w.safetensors.metadata'),
          'utf8',
        )
      )
        .split('\n')
        .slice(0, 2),
    ).toEqual([DEFAULT_COMMIT, sha256Of(weights)]);
  });

  it('a file the Hub lacks fails the step and is recorded under .no_exist', async () => {
    w.hf.repos.set('org/m', { files: { 'c.json': { body: config } } });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    const error = (await download({ repo: 'org/m', files: ['gone.bin'] }, ctx).catch(
      (e: unknown) => e,
    )) as { code: string; message: string };
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('gone.bin');
    expect((await stat(hub('models--org--m', '.no_exist', DEFAULT_COMMIT, 'gone.bin'))).size).toBe(
      0,
    );
  });

  it('without a listing API, exact files still reach the cache from their HEAD answers', async () => {
    w.hf.listingApi = false;
    w.hf.repos.set('org/m', {
      files: { 'w.safetensors': { body: weights, lfs: true }, 'c.json': { body: config } },
    });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/m', files: ['w.safetensors', 'c.json'], 'local-dir': 'm' }, ctx);
    expect(await readFile(hub('models--org--m', 'refs', 'main'), 'utf8')).toBe(DEFAULT_COMMIT);
    expect(
      await readlink(hub('models--org--m', 'snapshots', DEFAULT_COMMIT, 'w.safetensors')),
    ).toBe(`../../blobs/${sha256Of(weights)}`);
    expect((await stat(path.join(ctx.appDir, 'm', 'c.json'))).ino).toBe(
      (await stat(hub('models--org--m', 'blobs', gitBlobSha1(config)))).ino,
    );
    const patterns = (await download({ repo: 'org/m', include: ['*.json'] }, ctx).catch(
      (e: unknown) => e,
    )) as { message: string };
    expect(patterns.message).toContain('HTTP 404');
  });

  it('a mirror that sends neither commit nor etag still gets the file saved where asked', async () => {
    w.server.handlers.unshift((req, res) => {
      if (!(req.url ?? '').includes('/resolve/')) return false;
      res.writeHead(200, { 'content-length': String(config.length) });
      res.end(req.method === 'HEAD' ? undefined : config);
      return true;
    });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/plain', files: ['c.json'], 'local-dir': 'p' }, ctx);
    expect(await readFile(path.join(ctx.appDir, 'p', 'c.json'))).toEqual(config);
    expect(w.t.logs.join('')).toContain('saved without the cache');
  });

  it('files an earlier install left in local-dir become the cache blobs when their hashes match', async () => {
    w.hf.repos.set('org/m', {
      files: {
        'w.safetensors': { body: weights, lfs: true },
        'c.json': { body: config },
        'stale.json': { body: Buffer.from('{"new":true}') },
      },
    });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    const dir = path.join(ctx.appDir, 'm');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'w.safetensors'), weights);
    await writeFile(path.join(dir, 'c.json'), config);
    await writeFile(path.join(dir, 'stale.json'), '{"old":1}');
    await download({ repo: 'org/m', 'local-dir': 'm' }, ctx);
    expect(w.hf.bodyRequests().map((p) => p.split('/').pop())).toEqual(['stale.json']);
    const drive = path.join(w.t.home.drive, 'blobs', 'sha256', sha256Of(weights));
    expect((await stat(path.join(dir, 'w.safetensors'))).ino).toBe((await stat(drive)).ino);
    expect((await stat(hub('models--org--m', 'blobs', sha256Of(weights)))).ino).toBe(
      (await stat(drive)).ino,
    );
    expect((await stat(path.join(dir, 'c.json'))).ino).toBe(
      (await stat(hub('models--org--m', 'blobs', gitBlobSha1(config)))).ino,
    );
    expect(await readFile(path.join(dir, 'stale.json'), 'utf8')).toBe('{"old":1}');
  });

  it('fs.download of a huggingface.co URL goes to HF_ENDPOINT and into the cache', async () => {
    w.hf.repos.set('org/m', { files: { 'c.json': { body: config } } });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    const params = {
      url: 'https://huggingface.co/org/m/resolve/main/c.json?download=true',
      dir: 'd',
    };
    await downloadSteps['fs.download']!.run(params, ctx, soloStepRequest('fs.download', params));
    expect(await readFile(hub('models--org--m', 'snapshots', DEFAULT_COMMIT, 'c.json'))).toEqual(
      config,
    );
    expect((await stat(path.join(ctx.appDir, 'd', 'c.json'))).ino).toBe(
      (await stat(hub('models--org--m', 'blobs', gitBlobSha1(config)))).ino,
    );
  });

  it('an HF_HOME the app environment sets is the cache it fills, as apps get it', async () => {
    w.hf.repos.set('org/m', { files: { 'c.json': { body: config } } });
    const own = path.join(w.t.root, 'own-hf-home');
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint, HF_HOME: own } });
    await download({ repo: 'org/m' }, ctx);
    expect(
      await readFile(
        path.join(own, 'hub', 'models--org--m', 'snapshots', DEFAULT_COMMIT, 'c.json'),
      ),
    ).toEqual(config);
  });

  it('an LFS file whose sha256 the drive holds is linked from it before any byte is fetched', async () => {
    w.hf.repos.set('org/a', { files: { 'w.safetensors': { body: weights, lfs: true } } });
    w.hf.repos.set('org/b', { files: { 'same.safetensors': { body: weights, lfs: true } } });
    const ctx = await w.t.context('app', { env: { HF_ENDPOINT: w.hf.endpoint } });
    await download({ repo: 'org/a' }, ctx);
    expect(w.hf.bodyRequests()).toHaveLength(1);
    await download({ repo: 'org/b', 'local-dir': 'b' }, ctx);
    expect(w.hf.bodyRequests()).toHaveLength(1);
    const drive = await stat(path.join(w.t.home.drive, 'blobs', 'sha256', sha256Of(weights)));
    expect((await stat(hub('models--org--b', 'blobs', sha256Of(weights)))).ino).toBe(drive.ino);
    expect((await stat(path.join(ctx.appDir, 'b', 'same.safetensors'))).ino).toBe(drive.ino);
  });
});
