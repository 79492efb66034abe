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
    w.server.files.set('/m/sd15.safetensors', { body: model, delayMs: 2 });
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
    expect(served(w.server, '/hf/model.safetensors').gets).toBe(2);
    expect(served(w.server, '/civitai/model.safetensors')).toEqual({ gets: 0, bytes: 0 });
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

  it('one of two waiting runs stopped: the other still completes from the one transfer', async () => {
    w.server.files.set('/m/lora.safetensors', { body: model, delayMs: 5, etag: '"l"' });
    const url = w.server.url('/m/lora.safetensors');
    // The run that started the transfer is the one stopped: the transfer must go on for the other.
    const stopA = new AbortController();
    const a = await w.t.context('a', { controller: stopA });
    const b = await w.t.context('b');
    const started = transferring(w.t, url);
    const first = call({ url, dir: 'loras' }, a);
    const second = call({ url, dir: 'loras' }, b);
    await within(started, 'the shared transfer to write bytes', 10_000);
    stopA.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    const got = await within(second, 'the run still waiting to complete', 30_000);
    expect(got.source).toBe('drive');
    expect(served(w.server, '/m/lora.safetensors')).toEqual({ gets: 1, bytes: model.length });
    await expectLinkedToBlob(w.t, [got.path]);
    expect(w.t.services.manager.list().map((r) => r.state)).toEqual(['done']);
  });

  it('both waiting runs stopped: the transfer is cancelled keeping its .part, and a new run resumes it', async () => {
    w.server.files.set('/m/big.safetensors', { body: model, delayMs: 5, etag: '"b"' });
    const url = w.server.url('/m/big.safetensors');
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = await w.t.context('a', { controller: stopA });
    const b = await w.t.context('b', { controller: stopB });
    const started = transferring(w.t, url);
    const first = call({ url, dir: 'm' }, a);
    const second = call({ url, dir: 'm' }, b);
    await within(started, 'the shared transfer to write bytes', 10_000);
    stopB.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    expect(w.t.services.manager.list()[0]!.state).toBe('downloading');
    stopA.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(w.t.services.manager.list()[0]!.state).toBe('cancelled');
    const part = path.join(a.appDir, 'm', 'big.safetensors.part');
    expect(existsSync(part)).toBe(true);
    const kept = (await stat(part)).size;
    w.server.files.set('/m/big.safetensors', { body: model, etag: '"b"' });
    const again = await call({ url, dir: 'm' }, await w.t.context('a'));
    expect(again.source).toBe('download');
    expect(w.server.requestsFor('/m/big.safetensors').at(-1)!.headers.range).toBe(`bytes=${kept}-`);
    await expectLinkedToBlob(w.t, [again.path]);
  });
});

/** Forgets the stored blob (as a delete from the drive would), so the next requests must transfer again. */
async function rmBlob(t: TestHome): Promise<void> {
  await rm(t.services.drive.blobPath(sha256), { force: true });
}
