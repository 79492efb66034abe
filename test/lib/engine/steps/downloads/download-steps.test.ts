// fs.download, hf.download and fs.link as launchers call them, against loopback servers and a real home.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import { hfWorldPerTest } from './step-context';

const call = (method: string, params: unknown, ctx: StepContext) =>
  downloadSteps[method]!.run(params, ctx, soloStepRequest(method, params));

describe('download step methods', () => {
  const w = hfWorldPerTest();
  const model = randomBytes(300_000);

  it('fs.download stores a model once: a second app gets the same inode and no HTTP request', async () => {
    w.server.files.set('/models/sd.safetensors', { body: model });
    const url = w.server.url('/models/sd.safetensors?download=true');
    const comfy = await w.t.context('comfy');
    const first = (await call(
      'fs.download',
      { uri: url, dir: 'app/models/checkpoints' },
      comfy,
    )) as { path: string; source: string };
    expect(first.source).toBe('download');
    const before = w.server.requests.length;
    const forge = await w.t.context('forge');
    const second = (await call(
      'fs.download',
      { url, dir: 'app/models/Stable-diffusion' },
      forge,
    )) as { path: string; source: string };
    expect(second.source).toBe('drive');
    expect(w.server.requests.length).toBe(before);
    expect((await stat(second.path)).ino).toBe((await stat(first.path)).ino);
    expect((await readFile(second.path)).equals(model)).toBe(true);
    const usage = await w.t.services.drive.usage();
    expect(usage.perApp).toEqual({ comfy: model.length, forge: model.length });
    expect(usage.savedBytes).toBe(model.length);
    expect(w.t.logs.join('')).toContain('already in the drive');
  });

  it('fs.download adds a model that is already in place to the drive, then shares it', async () => {
    const url = w.server.url('/m/lora.safetensors');
    const a = await w.t.context('a');
    await mkdir(path.join(a.appDir, 'loras'), { recursive: true });
    await writeFile(path.join(a.appDir, 'loras', 'lora.safetensors'), model);
    const first = (await call('fs.download', { url, dir: 'loras' }, a)) as {
      source: string;
      sha256: string;
    };
    expect(first.source).toBe('existing');
    expect(first.sha256).toBe(createHash('sha256').update(model).digest('hex'));
    const b = await w.t.context('b');
    expect(
      ((await call('fs.download', { url, dir: 'loras' }, b)) as { source: string }).source,
    ).toBe('drive');
    expect(w.server.requests).toHaveLength(0);
  });

  it('fs.download writes to an explicit file path and verifies a given sha256', async () => {
    w.server.files.set('/m.bin', { body: model });
    const ctx = await w.t.context('llama');
    const good = createHash('sha256').update(model).digest('hex');
    await call(
      'fs.download',
      { url: w.server.url('/m.bin'), path: 'models/orca/3b.bin', sha256: good },
      ctx,
    );
    expect((await readFile(path.join(ctx.appDir, 'models/orca/3b.bin'))).equals(model)).toBe(true);
    const bad = (await call(
      'fs.download',
      { url: w.server.url('/m.bin'), path: 'models/other.bin', sha256: '0'.repeat(64) },
      ctx,
    ).catch((e: unknown) => e)) as { code: string; message: string };
    expect(bad.code).toBe('checksum_mismatch');
    expect(existsSync(path.join(ctx.appDir, 'models/other.bin'))).toBe(false);
  });

  it('fs.download into a folder names the file as the server does when the URL does not', async () => {
    w.server.files.set('/api/download/models/4201', {
      body: model,
      headers: {
        'content-disposition': `attachment; filename="dream shaper.safetensors"; filename*=UTF-8''dream%E2%80%94shaper.safetensors`,
      },
    });
    w.server.files.set('/api/download/models/77', {
      body: model,
      headers: { 'content-disposition': 'attachment; filename="../../escape.bin"' },
    });
    w.server.files.set('/api/download/models/5', { body: model });
    const ctx = await w.t.context('civit');
    const named = (await call(
      'fs.download',
      { url: w.server.url('/api/download/models/4201'), dir: 'models' },
      ctx,
    )) as { path: string };
    expect(path.basename(named.path)).toBe('dream—shaper.safetensors');
    expect((await readFile(named.path)).equals(model)).toBe(true);
    expect(w.server.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
    // A name with a path in it is cut to its last part, inside the folder.
    const escaping = (await call(
      'fs.download',
      { url: w.server.url('/api/download/models/77'), dir: 'models' },
      ctx,
    )) as { path: string };
    expect(escaping.path).toBe(path.join(ctx.appDir, 'models', 'escape.bin'));
    // No name from the server: the URL's last segment, with a line in the log saying so.
    const plain = (await call(
      'fs.download',
      { url: w.server.url('/api/download/models/5'), dir: 'models' },
      ctx,
    )) as { path: string };
    expect(path.basename(plain.path)).toBe('5');
    expect(w.t.logs.join('')).toContain('no file name from the server');
    // Running the step again finds the file under the server's name and downloads nothing.
    const before = w.server.requests.filter((r) => r.method === 'GET').length;
    await call(
      'fs.download',
      { url: w.server.url('/api/download/models/4201'), dir: 'models' },
      ctx,
    );
    expect(w.server.requests.filter((r) => r.method === 'GET').length).toBe(before);
  });

  it('fs.download with unzip and strip unpacks a GitHub-style archive into place', async () => {
    const src = await mkdtemp(path.join(tmpdir(), 'hangar-zipsrc-'));
    try {
      await mkdir(path.join(src, 'repo-main', 'lib'), { recursive: true });
      await writeFile(path.join(src, 'repo-main', 'app.py'), 'print(1)\n');
      await writeFile(path.join(src, 'repo-main', 'lib', 'x.py'), 'x = 1\n');
      execFileSync('zip', ['-qr', path.join(src, 'a.zip'), 'repo-main'], { cwd: src });
      execFileSync('tar', ['czf', path.join(src, 'a.tgz'), '-C', src, 'repo-main']);
      w.server.files.set('/o/repo/archive/refs/heads/main.zip', {
        body: await readFile(path.join(src, 'a.zip')),
      });
      w.server.files.set('/release/app.tgz', { body: await readFile(path.join(src, 'a.tgz')) });
      const ctx = await w.t.context('tool');
      await call(
        'fs.download',
        {
          url: w.server.url('/o/repo/archive/refs/heads/main.zip'),
          path: 'app',
          unzip: true,
          strip: 1,
        },
        ctx,
      );
      expect(await readFile(path.join(ctx.appDir, 'app', 'lib', 'x.py'), 'utf8')).toBe('x = 1\n');
      await call(
        'fs.download',
        { url: w.server.url('/release/app.tgz'), dir: 'other', extract: true },
        ctx,
      );
      expect(await readFile(path.join(ctx.appDir, 'other', 'repo-main', 'app.py'), 'utf8')).toBe(
        'print(1)\n',
      );
      expect(existsSync(path.join(w.t.home.cache, 'downloads'))).toBe(true);
    } finally {
      await rm(src, { recursive: true, force: true });
    }
  });

  it('hf.download fetches matching files from HF_ENDPOINT with the token, verifying LFS hashes', async () => {
    const weights = randomBytes(100_000);
    w.hf.repos.set('org/private', {
      token: 'hf_secret',
      files: {
        'model.safetensors': { body: weights, lfs: true },
        'config.json': { body: Buffer.from('{"a":1}') },
        'notes.md': { body: Buffer.from('x') },
      },
    });
    const ctx = await w.t.context('app', {
      env: { HF_ENDPOINT: w.hf.endpoint, HF_TOKEN: 'hf_secret' },
    });
    const result = (await call(
      'hf.download',
      { _: ['org/private'], include: ['*.safetensors', '*.json'], 'local-dir': 'models/m' },
      ctx,
    )) as { files: string[] };
    expect(result.files.map((f) => path.basename(f)).sort()).toEqual([
      'config.json',
      'model.safetensors',
    ]);
    expect(
      (await readFile(path.join(ctx.appDir, 'models/m/model.safetensors'))).equals(weights),
    ).toBe(true);
    // Each file's line names it as the repo does (the cache stores it under its hash) with a readable size.
    const logged = w.t.logs.join('');
    expect(logged).toMatch(/\nconfig\.json: 7 B in \d+\.\d s \(\d+(\.\d)? [KM]?B\/s\)/);
    expect(logged).toMatch(/\nmodel\.safetensors: 97\.7 KB in /);
    const cdn = w.server.requests.find((r) => r.path.startsWith('/cdn/'))!;
    expect(cdn.headers.authorization).toBe('Bearer hf_secret');
    const denied = (await call(
      'hf.download',
      { repo: 'org/private', files: 'config.json', local_dir: 'x' },
      await w.t.context('other'),
    ).catch((e: unknown) => e)) as { code: string; message: string };
    expect(denied.code).toBe('unauthorized');
    expect(denied.message).toContain('401');
  });

  it('hf.download of a file another app already has fetches no byte of it (one listing only)', async () => {
    w.hf.repos.set('org/pub', { files: { 'w.gguf': { body: model, lfs: true } } });
    const env = { HF_ENDPOINT: w.hf.endpoint };
    await call(
      'hf.download',
      { repo: 'org/pub', files: ['w.gguf'], 'local-dir': 'models' },
      await w.t.context('a', { env }),
    );
    const before = w.server.requests.length;
    const b = await w.t.context('b', { env });
    await call('hf.download', { repo: 'org/pub', files: ['w.gguf'], 'local-dir': 'models' }, b);
    expect(w.server.requests.slice(before).map((r) => r.path.split('?')[0])).toEqual([
      '/api/models/org/pub/revision/main',
    ]);
    expect((await readFile(path.join(b.appDir, 'models', 'w.gguf'))).equals(model)).toBe(true);
  });

  it('fs.link and fs.share share route folders between peers and keep existing files', async () => {
    const comfy = await w.t.context('comfy');
    await mkdir(path.join(comfy.appDir, 'app/models/loras'), { recursive: true });
    await writeFile(path.join(comfy.appDir, 'app/models/loras/mine.safetensors'), 'mine');
    await call(
      'fs.link',
      {
        drive: { loras: 'app/models/loras' },
        peers: ['https://github.com/pinokiofactory/stable-diffusion-webui-forge.git'],
      },
      comfy,
    );
    const forge = await w.t.context('forge');
    await mkdir(path.join(forge.appDir, '.git'), { recursive: true });
    await writeFile(
      path.join(forge.appDir, '.git/config'),
      '[remote "origin"]\n\turl = https://github.com/pinokiofactory/stable-diffusion-webui-forge.git\n',
    );
    await call('fs.share', { drive: { loras: ['app/models/Lora'] } }, forge);
    expect((await lstat(path.join(forge.appDir, 'app/models/Lora'))).isSymbolicLink()).toBe(true);
    expect(
      await readFile(path.join(forge.appDir, 'app/models/Lora/mine.safetensors'), 'utf8'),
    ).toBe('mine');
    expect(await realpath(path.join(forge.appDir, 'app/models/Lora'))).toBe(
      await realpath(path.join(comfy.appDir, 'app/models/loras')),
    );
  });

  it('fs.link venv leaves the environment as it is', async () => {
    const ctx = await w.t.context('whisper');
    await mkdir(path.join(ctx.appDir, 'app/env'), { recursive: true });
    expect(await call('fs.link', { venv: 'app/env' }, ctx)).toEqual({
      venv: 'app/env',
      shared: false,
    });
    expect((await lstat(path.join(ctx.appDir, 'app/env'))).isDirectory()).toBe(true);
  });

  it('a stopped run leaves the .part so running again resumes', async () => {
    w.server.files.set('/slow.bin', { body: model, etag: '"s"', delayMs: 20 });
    const controller = new AbortController();
    const ctx = await w.t.context('app', { controller });
    const off = w.t.bus.on('download:progress', (e) => {
      if (e.bytes > 0) controller.abort();
    });
    await expect(
      call('fs.download', { url: w.server.url('/slow.bin'), dir: 'dl' }, ctx),
    ).rejects.toMatchObject({ code: 'cancelled' });
    off();
    expect(existsSync(path.join(ctx.appDir, 'dl', 'slow.bin.part'))).toBe(true);
    w.server.files.set('/slow.bin', { body: model, etag: '"s"' });
    await call(
      'fs.download',
      { url: w.server.url('/slow.bin'), dir: 'dl' },
      await w.t.context('app'),
    );
    expect((await readFile(path.join(ctx.appDir, 'dl', 'slow.bin'))).equals(model)).toBe(true);
    expect(w.server.requestsFor('/slow.bin').at(-1)!.headers.range).toMatch(/^bytes=\d+-$/);
  });
});
