// Drive drills: one transfer per file across concurrent installs, URLs and destinations, counted at a loopback
// server, and a stopped run that leaves the shared transfer running for the run still waiting.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import type { FileServer } from '../../../../helpers/servers/file-server';
import { within } from '../../../../helpers/within';
import { hfWorldPerTest, type TestHome } from './step-context';

interface Got {
  path: string;
  source: string;
  sha256: string | null;
}

const call = (params: unknown, ctx: StepContext): Promise<Got> =>
  downloadSteps['fs.download']!.run(
    params,
    ctx,
    soloStepRequest('fs.download', params),
  ) as Promise<Got>;

const model = randomBytes(2 * 1024 * 1024);
const sha256 = createHash('sha256').update(model).digest('hex');

/** GET requests for `p` and the body bytes the server sent for them. */
function served(server: FileServer, p: string): { gets: number; bytes: number } {
  const gets = server.requestsFor(p).filter((r) => r.method === 'GET');
  return { gets: gets.length, bytes: gets.reduce((sum, r) => sum + r.sent, 0) };
}

/** Resolves once the transfer of `url` has written bytes (the progress event of the real manager). */
function transferring(t: TestHome, url: string): Promise<void> {
  return new Promise((resolve) => {
    const off = t.bus.on('download:progress', (e) => {
      if (e.url === url && e.bytes > 0) {
        off();
        resolve();
      }
    });
  });
}

async function expectLinkedToBlob(t: TestHome, files: string[]): Promise<void> {
  const blob = await stat(t.services.drive.blobPath(sha256));
  for (const file of files) {
    expect((await readFile(file)).equals(model)).toBe(true);
    const st = await stat(file);
    expect([st.dev, st.ino]).toEqual([blob.dev, blob.ino]);
  }
}

describe('drive drills: one download per file', () => {
  const w = hfWorldPerTest();

  it('two apps installing the same model at once: 1 transfer, both linked to one blob', async () => {
    w.server.files.set('/m/sd15.safetensors', { body: model, delayMs: 10 });
    const url = w.server.url('/m/sd15.safetensors');
    const [comfy, forge] = await Promise.all([
      w.t.context('comfy').then((ctx) => call({ url, dir: 'models/checkpoints' }, ctx)),
      w.t.context('forge').then((ctx) => call({ url, dir: 'models/Stable-diffusion' }, ctx)),
    ]);
    expect(served(w.server, '/m/sd15.safetensors')).toEqual({ gets: 1, bytes: model.length });
    expect([comfy.source, forge.source].sort()).toEqual(['download', 'drive']);
    await expectLinkedToBlob(w.t, [comfy.path, forge.path]);
    const usage = await w.t.services.drive.usage();
    expect(usage).toMatchObject({ blobs: 1, storedBytes: model.length, savedBytes: model.length });
    expect(w.t.logs.join('')).toContain('already downloading, waiting for it');
  });

  it('the same bytes from two URLs with a known hash: 0 extra bytes, even at the same time', async () => {
    w.server.files.set('/hf/model.safetensors', { body: model, delayMs: 2 });
    w.server.files.set('/mirror/model.safetensors', { body: model });
    w.server.files.set('/civitai/model.safetensors', { body: model });
    const a = await w.t.context('a');
    const first = await call({ url: w.server.url('/hf/model.safetensors'), dir: 'm', sha256 }, a);
    expect(first.source).toBe('download');
    const b = await w.t.context('b');
    const second = await call(
      { url: w.server.url('/mirror/model.safetensors'), dir: 'm', hash: sha256 },
      b,
    );
    expect(second.source).toBe('drive');
    expect(served(w.server, '/mirror/model.safetensors')).toEqual({ gets: 0, bytes: 0 });
    await expectLinkedToBlob(w.t, [first.path, second.path]);

    // Concurrently: the second URL joins the first transfer by the hash both name.
    await rmBlob(w.t);
    const [c, d] = await Promise.all([
      w.t
        .context('c')
        .then((ctx) => call({ url: w.server.url('/hf/model.safetensors'), dir: 'm', sha256 }, ctx)),
      w.t
        .context('d')
        .then((ctx) =>
          call({ url: w.server.url('/civitai/model.safetensors'), dir: 'm', sha256 }, ctx),
        ),
    ]);
    // Whichever URL led, the two requests cost one transfer of the file between them.
    const hf = served(w.server, '/hf/model.safetensors');
    const civitai = served(w.server, '/civitai/model.safetensors');
    expect(hf.gets - 1 + civitai.gets).toBe(1);
    expect(hf.bytes - model.length + civitai.bytes).toBe(model.length);
    await expectLinkedToBlob(w.t, [c.path, d.path]);
  });

  it('the same URL twice at once into two destinations of one run: 1 transfer, two links to one blob', async () => {
    w.server.files.set('/m/vae.safetensors', { body: model, delayMs: 2 });
    const url = w.server.url('/m/vae.safetensors');
    const ctx = await w.t.context('app');
    const [one, two] = await Promise.all([
      call({ url, path: 'models/vae/vae.safetensors' }, ctx),
      call({ url, path: 'other/vae-copy.safetensors' }, ctx),
    ]);
    expect(served(w.server, '/m/vae.safetensors')).toEqual({ gets: 1, bytes: model.length });
    expect(one.path).not.toBe(two.path);
    await expectLinkedToBlob(w.t, [one.path, two.path]);
    expect((await lstat(one.path)).nlink).toBeGreaterThanOrEqual(3);
  });

  it('a shared transfer of another URL that fails leaves the waiting request to fetch its own URL', async () => {
    w.server.files.set('/mirror/ok.safetensors', { body: model });
    // The broken URL answers 404 only once the second request waits on its transfer.
    let asked!: () => void;
    const brokenAsked = new Promise<void>((resolve) => (asked = resolve));
    let letFail!: () => void;
    const failNow = new Promise<void>((resolve) => (letFail = resolve));
    w.server.handlers.push((req, res) => {
      if (!req.url?.startsWith('/gone/')) return false;
      asked();
      void failNow.then(() => {
        res.writeHead(404);
        res.end('gone');
      });
      return true;
    });
    const a = await w.t.context('a');
    const broken = call({ url: w.server.url('/gone/ok.safetensors'), dir: 'm', sha256 }, a);
    await within(brokenAsked, 'the first transfer to reach the server', 10_000);
    const b = watchJoin(await w.t.context('b'));
    void b.joined.then(letFail);
    const mirror = call({ url: w.server.url('/mirror/ok.safetensors'), dir: 'm', sha256 }, b.ctx);
    await expect(broken).rejects.toMatchObject({ code: 'network' });
    const got = await within(mirror, 'the second request to fetch its own URL', 10_000);
    expect(served(w.server, '/mirror/ok.safetensors')).toEqual({ gets: 1, bytes: model.length });
    await expectLinkedToBlob(w.t, [got.path]);
    expect(w.t.logs.join('')).toContain('the shared download failed, trying');
  });

  it('one of two waiting runs stopped: the other still completes from the one transfer', async () => {
    const p = '/m/lora.safetensors';
    const url = w.server.url(p);
    let release!: () => void;
    halfThenHold(w.server, p, new Promise<void>((resolve) => (release = resolve)));
    // The run that started the transfer is the one stopped: the transfer must go on for the other.
    const stopA = new AbortController();
    const a = await w.t.context('a', { controller: stopA });
    const started = transferring(w.t, url);
    const first = call({ url, dir: 'loras' }, a);
    await within(started, 'the shared transfer to write bytes', 10_000);
    const b = watchJoin(await w.t.context('b'));
    const second = call({ url, dir: 'loras' }, b.ctx);
    await within(b.joined, 'the second run to wait on the transfer', 10_000);
    stopA.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    release();
    const got = await within(second, 'the run still waiting to complete', 30_000);
    expect(got.source).toBe('drive');
    expect(served(w.server, p)).toEqual({ gets: 1, bytes: model.length });
    await expectLinkedToBlob(w.t, [got.path]);
    expect(w.t.services.manager.list().map((r) => r.state)).toEqual(['done']);
  });

  it('both waiting runs stopped: the transfer is cancelled keeping its .part, and a new run resumes it', async () => {
    const p = '/m/big.safetensors';
    const url = w.server.url(p);
    halfThenHold(w.server, p, new Promise<void>(() => undefined));
    w.server.files.set(p, { body: model, etag: ETAG });
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = await w.t.context('a', { controller: stopA });
    const started = transferring(w.t, url);
    const first = call({ url, dir: 'm' }, a);
    await within(started, 'the shared transfer to write bytes', 10_000);
    const b = watchJoin(await w.t.context('b', { controller: stopB }));
    const second = call({ url, dir: 'm' }, b.ctx);
    await within(b.joined, 'the second run to wait on the transfer', 10_000);
    stopB.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    expect(w.t.services.manager.list()[0]!.state).toBe('downloading');
    stopA.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(w.t.services.manager.list()[0]!.state).toBe('cancelled');
    const part = path.join(a.appDir, 'm', 'big.safetensors.part');
    expect(existsSync(part)).toBe(true);
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    const again = await call({ url, dir: 'm' }, await w.t.context('a'));
    expect(again.source).toBe('download');
    expect(w.server.requestsFor(p).at(-1)!.headers.range).toBe(`bytes=${kept}-`);
    await expectLinkedToBlob(w.t, [again.path]);
  });
});

const ETAG = '"held"';

/** Answers a plain GET of `p` with the first half of the model, and the rest only once `release` resolves. */
function halfThenHold(server: FileServer, p: string, release: Promise<void>): void {
  server.handlers.push((req, res) => {
    if (req.url?.split('?')[0] !== p || req.method !== 'GET' || req.headers.range) return false;
    const record = server.requests.at(-1)!;
    res.writeHead(200, {
      'content-length': String(model.length),
      'accept-ranges': 'bytes',
      etag: ETAG,
    });
    const half = model.length / 2;
    res.write(model.subarray(0, half));
    record.sent += half;
    void release.then(() => {
      if (res.destroyed) return;
      res.end(model.subarray(half));
      record.sent += model.length - half;
    });
    return true;
  });
}

/** A context whose `joined` resolves when its request waits on a transfer already running. */
function watchJoin(ctx: StepContext): { ctx: StepContext; joined: Promise<void> } {
  let joined!: () => void;
  const promise = new Promise<void>((resolve) => (joined = resolve));
  return {
    joined: promise,
    ctx: {
      ...ctx,
      log: (text, kind) => {
        ctx.log(text, kind);
        if (text.includes('already downloading, waiting for it')) joined();
      },
    },
  };
}

/** Forgets the stored blob (as a delete from the drive would), so the next requests must transfer again. */
async function rmBlob(t: TestHome): Promise<void> {
  await rm(t.services.drive.blobPath(sha256), { force: true });
}
