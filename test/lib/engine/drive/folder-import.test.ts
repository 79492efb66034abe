// Folder import in place: 20 real files taken into the drive by hardlink, 0 bytes copied, idempotent, originals untouched.
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Drive, ImportJobs, ModelLibrary } from '../../../../lib/engine/drive';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import type { ModelsImportEvent } from '../../../../lib/shared/events';
import { makeTempDir } from '../../../helpers/temp-dir';

const FOLDERS = ['Stable-diffusion', 'Lora', 'VAE', 'embeddings', 'LLM'];

/** `du -sk` of folders counted together (hardlinked inodes once), in KiB. */
function duKiB(...dirs: string[]): number {
  const out = execFileSync('du', ['-skc', ...dirs], { encoding: 'utf8' });
  return Number(/^(\d+)\s+total$/m.exec(out)?.[1]);
}

describe('importing a models folder in place', () => {
  let home: HomeLayout;
  let user: string;
  const files: { path: string; sha256: string; ino: number; mtimeMs: number }[] = [];

  beforeAll(async () => {
    const root = await makeTempDir('hangar-import-');
    home = (await ensureHome(path.join(root, 'home'))).layout;
    user = path.join(root, 'webui', 'models');
    for (let i = 0; i < 20; i += 1) {
      const folder = FOLDERS[i % FOLDERS.length];
      const ext = folder === 'LLM' ? 'gguf' : 'safetensors';
      const file = path.join(user, folder, `model-${i}.${ext}`);
      await mkdir(path.dirname(file), { recursive: true });
      const body = randomBytes(100_000 + i * 7_000);
      await writeFile(file, body);
      const st = await stat(file);
      files.push({
        path: file,
        sha256: createHash('sha256').update(body).digest('hex'),
        ino: st.ino,
        mtimeMs: st.mtimeMs,
      });
    }
    await writeFile(path.join(user, 'README.txt'), 'not a model');
    // A symlink loop must not hang the walk.
    await symlink('..', path.join(user, 'Lora', 'loop'));
  });

  it('links all 20 files into the store (same inodes, 0 bytes copied) and lists each with its hash', async () => {
    const drive = new Drive(home);
    const bus = new EventBus();
    const events: ModelsImportEvent[] = [];
    bus.on('models:import', (e) => events.push(e));
    const jobs = new ImportJobs(drive, home.root, bus);
    const before = duKiB(user, home.drive);
    const { job, done } = await jobs.start(user);
    expect(job.state).toBe('scanning');
    const finished = await done;
    expect(finished.error).toBeUndefined();
    expect(finished.state).toBe('done');
    expect(finished.files).toBe(20);
    expect(finished.copiedBytes).toBe(0);
    const pairs = (list: { path: string; sha256: string }[]) =>
      list.map((f) => `${f.path} ${f.sha256}`).sort((a, b) => a.localeCompare(b));
    expect(pairs(finished.imported)).toEqual(pairs(files));
    expect(new Set(finished.imported.map((f) => f.how))).toEqual(new Set(['hardlink']));
    for (const f of files) {
      const blob = await stat(drive.blobPath(f.sha256));
      const original = await stat(f.path);
      expect(blob.ino).toBe(f.ino);
      expect(original.ino).toBe(f.ino);
      // The original, the blob and the human path: three names, one inode.
      expect(original.nlink).toBe(3);
      expect(original.mtimeMs).toBe(f.mtimeMs);
      expect(original.mode & 0o222).not.toBe(0);
    }
    // Hardlinks take no space: du over the user's folder and the drive together grows by directories only.
    expect(duKiB(user, home.drive) - before).toBeLessThan(200);
    expect(events.at(-1)).toMatchObject({ state: 'done', files: 20, done: 20 });
    expect(events.some((e) => e.state === 'hashing')).toBe(true);

    const lib = await new ModelLibrary({
      drive,
      homeRoot: home.root,
      hfHub: path.join(home.cache, 'HF_HOME', 'hub'),
      runningApps: () => Promise.resolve([]),
    }).list();
    expect(lib.items).toHaveLength(20);
    const kinds = new Set(lib.items.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['checkpoint', 'lora', 'vae', 'embedding', 'gguf']));
    expect(lib.disk.totalBytes).toBeGreaterThan(0);
    expect(lib.disk.freeBytes).toBeGreaterThan(0);
    expect(lib.items.every((i) => i.origins.length === 1)).toBe(true);
  });

  it('a second import of the same folder changes nothing', async () => {
    const drive = new Drive(home);
    const catalogue = await readFile(path.join(home.drive, 'catalogue.json'), 'utf8');
    const job = await (await new ImportJobs(drive, home.root, new EventBus()).start(user)).done;
    expect(job.state).toBe('done');
    expect(job.imported.map((f) => f.how)).toEqual(Array(20).fill('known'));
    const after = JSON.parse(await readFile(path.join(home.drive, 'catalogue.json'), 'utf8'));
    expect(after).toEqual(JSON.parse(catalogue));
    for (const f of files) expect((await stat(f.path)).nlink).toBe(3);
  });

  it('deleting an imported model removes the store link and the human path, never the original', async () => {
    const drive = new Drive(home);
    const library = new ModelLibrary({
      drive,
      homeRoot: home.root,
      hfHub: path.join(home.cache, 'HF_HOME', 'hub'),
      runningApps: () => Promise.resolve([]),
    });
    const { removed } = await library.remove(`sha256:${files[0].sha256}`);
    expect(removed.length).toBe(2);
    const original = await stat(files[0].path);
    expect(original.nlink).toBe(1);
    expect(
      createHash('sha256')
        .update(await readFile(files[0].path))
        .digest('hex'),
    ).toBe(files[0].sha256);
    expect((await library.list()).items).toHaveLength(19);
    for (const id of ['sha256:constructor', '__proto__', 'toString'])
      await expect(library.remove(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses what is not a folder, with the path in the error', async () => {
    const jobs = new ImportJobs(new Drive(home), home.root, new EventBus());
    await expect(jobs.start(path.join(user, 'nope'))).rejects.toThrow(/nope: no such folder/);
    await expect(jobs.start(files[1].path)).rejects.toThrow(/model-1\.safetensors: not a folder/);
    await expect(jobs.start('relative/models')).rejects.toThrow(/absolute path/);
    const loop = path.join(user, '..', 'selfloop');
    await symlink(loop, loop);
    await expect(jobs.start(loop)).rejects.toThrow(/symlink loop/);
  });
});

describe.runIf(existsSync('/dev/shm'))('importing a folder from another filesystem', () => {
  it('records the original in the catalogue and links to it, copying nothing', async () => {
    const root = await makeTempDir('hangar-import-xdev-');
    const home = (await ensureHome(path.join(root, 'home'))).layout;
    const user = await mkdtemp(path.join('/dev/shm', 'hangar-user-models-'));
    try {
      const body = randomBytes(64_000);
      const file = path.join(user, 'vae', 'kl-f8.safetensors');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
      expect((await stat(user)).dev).not.toBe((await stat(home.drive)).dev);
      const drive = new Drive(home);
      const job = await (await new ImportJobs(drive, home.root, new EventBus()).start(user)).done;
      const sha256 = createHash('sha256').update(body).digest('hex');
      expect(job.imported).toEqual([
        { path: file, sha256, size: body.length, kind: 'vae', how: 'external' },
      ]);
      await expect(stat(drive.blobPath(sha256))).rejects.toMatchObject({ code: 'ENOENT' });
      const library = new ModelLibrary({
        drive,
        homeRoot: home.root,
        hfHub: path.join(home.cache, 'HF_HOME', 'hub'),
        runningApps: () => Promise.resolve([]),
      });
      const [item] = (await library.list()).items;
      expect(item).toMatchObject({ kind: 'vae', stored: false, origins: [file] });
      const human = path.join(home.root, item.humanPath!);
      expect(await readlink(human)).toBe(file);
      expect(duKiB(home.drive)).toBeLessThan(64);
      await library.remove(item.id);
      await expect(lstat(human)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex'),
      ).toBe(sha256);
    } finally {
      await rm(user, { recursive: true, force: true });
    }
  });
});
