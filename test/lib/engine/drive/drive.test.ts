// Drive: blobs stored once, hardlinked into apps, human paths, usage and dedup by content.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Drive, guessKind, probeLinkMode } from '../../../../lib/engine/drive';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';

describe('Drive', () => {
  let root: string;
  let home: HomeLayout;
  const model = randomBytes(200_000);

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hangar-drive-'));
    home = (await ensureHome(root)).layout;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function put(rel: string, body: Buffer): Promise<string> {
    const file = path.join(home.api, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
    return file;
  }

  it('adopts a file into blobs/sha256 and links it back with the same inode', async () => {
    const drive = new Drive(home);
    const file = await put('comfy/models/checkpoints/sd.safetensors', model);
    const { entry, mode } = await drive.adopt(file, {
      url: 'https://huggingface.co/x/resolve/main/sd.safetensors?download=true',
    });
    expect(mode).toBe('hardlink');
    expect(entry.kind).toBe('checkpoint');
    const blob = await stat(entry.blobPath);
    expect(blob.ino).toBe((await stat(file)).ino);
    expect(blob.mode & 0o222).toBe(0);
    expect(entry.humanPath).toBe('drive/models/checkpoints/sd.safetensors');
    expect((await readFile(path.join(root, entry.humanPath!))).equals(model)).toBe(true);
    expect(
      (await drive.findByUrl('https://huggingface.co/x/resolve/main/sd.safetensors'))?.sha256,
    ).toBe(entry.sha256);
  });

  it('gives a second app the same blob and counts the bytes saved', async () => {
    const drive = new Drive(home);
    const first = await put('comfy/models/loras/style.safetensors', model);
    const { entry } = await drive.adopt(first, { url: 'http://x/style.safetensors' });
    const second = path.join(home.api, 'forge', 'models', 'Lora', 'style.safetensors');
    await drive.materialize(entry, second);
    expect((await stat(second)).ino).toBe((await stat(first)).ino);
    const usage = await drive.usage();
    expect(usage).toMatchObject({ storedBytes: model.length, savedBytes: model.length, blobs: 1 });
    expect(usage.perApp).toEqual({ comfy: model.length, forge: model.length });
    await rm(second);
    expect((await drive.usage()).savedBytes).toBe(0);
  });

  it('stores identical content from another URL once', async () => {
    const drive = new Drive(home);
    const a = await put('a/m/one.gguf', model);
    const b = await put('b/m/two.gguf', Buffer.from(model));
    const ea = await drive.adopt(a, { url: 'http://one' });
    const eb = await drive.adopt(b, { url: 'http://two' });
    expect(eb.entry.sha256).toBe(ea.entry.sha256);
    expect((await stat(b)).ino).toBe((await stat(a)).ino);
    expect(await drive.list()).toHaveLength(1);
    expect((await drive.list())[0]).toMatchObject({
      kind: 'gguf',
      names: ['one.gguf', 'two.gguf'],
      urls: ['http://one/', 'http://two/'],
    });
  });

  it('keeps the catalogue across instances', async () => {
    const file = await put('a/vae/v.pt', model);
    await new Drive(home).adopt(file, { url: 'http://v' });
    const again = new Drive(home);
    expect((await again.findByUrl('http://v'))?.kind).toBe('vae');
    expect((await lstat(path.join(home.drive, 'models', 'vaes', 'v.pt'))).isFile()).toBe(true);
  });

  it('probes the filesystem: hardlinks on one device, symlinks across devices', async () => {
    const other = await mkdtemp(
      path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hangar-probe-'),
    );
    try {
      const here = path.join(root, 'here');
      await mkdir(here);
      expect(await probeLinkMode(root, here)).toBe('hardlink');
      const across = await probeLinkMode(root, other);
      const sameDevice = (await stat(root)).dev === (await stat(other)).dev;
      expect(across).toBe(sameDevice ? 'hardlink' : 'symlink');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('guesses kinds from folders and extensions', () => {
    expect(guessKind('api/forge/app/models/Lora/x.safetensors')).toBe('lora');
    expect(guessKind('api/forge/app/embeddings/x.pt')).toBe('embedding');
    expect(guessKind('api/forge/app/models/Stable-diffusion/x.safetensors')).toBe('checkpoint');
    expect(guessKind('models/x.gguf')).toBe('gguf');
    expect(guessKind('models/x.bin')).toBe('other');
  });
});
