// Adopting a Pinokio home read-only, the HF cache as scan_cache_dir sees it, and an app's own files taken in by hash.
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Drive,
  ImportJobs,
  adoptAppFiles,
  readPinokioHome,
  scanHfCache,
} from '../../../../lib/engine/drive';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import { makeTempDir } from '../../../helpers/temp-dir';

/** Every path under `dir` with its mode, size and mtime (links not followed): a directory's mtime changes with any entry added or removed. */
async function treeListing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const full = path.join(d, name);
      const st = await lstat(full);
      out.push(`${path.relative(dir, full)} ${st.mode} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) await walk(full);
    }
  };
  out.push(`. ${(await lstat(dir)).mtimeMs}`);
  await walk(dir);
  return out;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A huggingface_hub cache repo: blobs by etag, a snapshot of relative links, refs/main. */
async function hfRepo(hub: string, repo: string, files: Record<string, Buffer>): Promise<string> {
  const dir = path.join(hub, `models--${repo.replace('/', '--')}`);
  const commit = 'a'.repeat(40);
  await mkdir(path.join(dir, 'blobs'), { recursive: true });
  await mkdir(path.join(dir, 'refs'), { recursive: true });
  await writeFile(path.join(dir, 'refs', 'main'), commit);
  for (const [name, body] of Object.entries(files)) {
    const etag = sha(body);
    await writeFile(path.join(dir, 'blobs', etag), body);
    const link = path.join(dir, 'snapshots', commit, name);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.relative(path.dirname(link), path.join(dir, 'blobs', etag)), link);
  }
  return dir;
}

describe('a Pinokio home', () => {
  let pinokio: string;
  let home: HomeLayout;
  const ckpt = randomBytes(150_000);
  const lora = randomBytes(90_000);
  const unet = randomBytes(120_000);

  beforeAll(async () => {
    const root = await makeTempDir('hangar-pinokio-');
    home = (await ensureHome(path.join(root, 'hangar'))).layout;
    pinokio = path.join(root, 'pinokio');
    const comfy = path.join(pinokio, 'api', 'comfy.git');
    await mkdir(path.join(comfy, 'app', 'models'), { recursive: true });
    await writeFile(
      path.join(comfy, 'pinokio.js'),
      "module.exports = { version: '2.1', title: 'ComfyUI', menu: [] }\n",
    );
    const peer = path.join(pinokio, 'drive', 'drives', 'peers', 'd1700000000000', 'checkpoints');
    await mkdir(peer, { recursive: true });
    await writeFile(path.join(peer, 'sd15.safetensors'), ckpt);
    await symlink(peer, path.join(comfy, 'app', 'models', 'checkpoints'));
    await mkdir(path.join(comfy, 'app', 'models', 'loras'), { recursive: true });
    await writeFile(path.join(comfy, 'app', 'models', 'loras', 'style.safetensors'), lora);
    await mkdir(path.join(comfy, 'env', 'lib'), { recursive: true });
    await writeFile(path.join(comfy, 'env', 'lib', 'torch.pt'), randomBytes(1000));
    const forge = path.join(pinokio, 'api', 'forge');
    await mkdir(forge, { recursive: true });
    await writeFile(path.join(forge, 'package.json'), JSON.stringify({ name: 'forge-launcher' }));
    await writeFile(
      path.join(pinokio, 'drive', 'drives.json'),
      JSON.stringify({
        'https://github.com/x/comfy.git': { checkpoints: peer },
      }),
    );
    await hfRepo(path.join(pinokio, 'cache', 'HF_HOME', 'hub'), 'org/pipe', {
      'model_index.json': Buffer.from('{}'),
      'unet/diffusion_pytorch_model.safetensors': unet,
    });
  });

  it('lists its apps with titles and its drive, then imports its models, writing nothing into it', async () => {
    const before = await treeListing(pinokio);
    const info = await readPinokioHome(pinokio);
    expect(info.apps.map((a) => [a.folder, a.title])).toEqual([
      ['comfy.git', 'ComfyUI'],
      ['forge', 'forge-launcher'],
    ]);
    expect(info.drives).toEqual([
      {
        path: 'drive/drives/peers/d1700000000000/checkpoints',
        route: 'checkpoints',
        apps: ['https://github.com/x/comfy.git'],
      },
    ]);
    const drive = new Drive(home);
    const job = await (
      await new ImportJobs(drive, home.root, new EventBus()).start(info.root, info.importFolders)
    ).done;
    expect(job.error).toBeUndefined();
    const hashes = new Set(job.imported.map((f) => f.sha256));
    expect(hashes).toEqual(new Set([sha(ckpt), sha(lora), sha(unet)]));
    expect(job.imported.some((f) => f.path.includes(`${path.sep}env${path.sep}`))).toBe(false);
    expect(job.copiedBytes).toBe(0);
    const catalogue = JSON.parse(await readFile(path.join(home.drive, 'catalogue.json'), 'utf8'));
    expect(catalogue.blobs[sha(lora)].kind).toBe('lora');
    expect(catalogue.blobs[sha(ckpt)].kind).toBe('checkpoint');
    // The store holds second names for the imported files (hardlinks): the Pinokio home's tree is as it was.
    expect(await treeListing(pinokio)).toEqual(before);
    const peerFile = path.join(info.root, info.drives[0].path, 'sd15.safetensors');
    expect((await stat(peerFile)).ino).toBe((await stat(drive.blobPath(sha(ckpt)))).ino);
  });

  it('reads the HF cache as scan_cache_dir does: repo id, revisions with refs, size, diffusers', async () => {
    const repos = await scanHfCache(path.join(pinokio, 'cache', 'HF_HOME', 'hub'));
    expect(repos).toHaveLength(1);
    expect(repos[0]).toMatchObject({
      repoId: 'org/pipe',
      repoType: 'model',
      size: unet.length + 2,
      diffusers: true,
      revisions: [{ commit: 'a'.repeat(40), refs: ['main'], files: 2, size: unet.length + 2 }],
    });
  });

  it("adopts an app's own downloaded model into the drive by hash and links it back", async () => {
    const drive = new Drive(home);
    const app = path.join(home.api, 'demo');
    const own = randomBytes(80_000);
    await mkdir(path.join(app, 'models', 'vae'), { recursive: true });
    await writeFile(path.join(app, 'models', 'vae', 'own.safetensors'), own);
    await mkdir(path.join(app, 'venv'), { recursive: true });
    await writeFile(path.join(app, 'venv', 'skip.bin'), randomBytes(100));
    const adopted = await adoptAppFiles(drive, home.root, app);
    expect(adopted).toEqual([
      {
        path: 'api/demo/models/vae/own.safetensors',
        sha256: sha(own),
        size: own.length,
        kind: 'vae',
        duplicate: false,
      },
    ]);
    const blob = await stat(drive.blobPath(sha(own)));
    expect((await stat(path.join(app, 'models', 'vae', 'own.safetensors'))).ino).toBe(blob.ino);
    expect(await adoptAppFiles(drive, home.root, app)).toEqual([]);
  });
});
