// fs.link drive mode: folders moved into shared drive folders, symlinked back, recorded in drives.json.
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  realpath,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitRemoteUrl, linkRoutes, readDrivesJson } from '../../../../lib/engine/drive';

describe('linkRoutes (fs.link drive mode)', () => {
  let root: string;
  let driveRoot: string;
  const comfyUrl = 'https://github.com/pinokiofactory/comfy.git';
  const forgeUrl = 'https://github.com/pinokiofactory/stable-diffusion-webui-forge.git';
  let clock = 1000;
  const now = (): number => clock++;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hangar-vdrive-'));
    driveRoot = path.join(root, 'drive');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('moves existing contents into the drive, links the folder and records drives.json', async () => {
    const comfy = path.join(root, 'api', 'comfy');
    await mkdir(path.join(comfy, 'app', 'models', 'checkpoints'), { recursive: true });
    await writeFile(
      path.join(comfy, 'app', 'models', 'checkpoints', 'mine.safetensors'),
      'weights',
    );
    const [linked] = await linkRoutes({
      driveRoot,
      appDir: comfy,
      selfUrl: comfyUrl,
      now,
      drive: { checkpoints: 'app/models/checkpoints' },
      peers: [forgeUrl],
    });
    const link = path.join(comfy, 'app', 'models', 'checkpoints');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await realpath(link)).toBe(await realpath(linked.drivePath));
    expect(await readFile(path.join(linked.drivePath, 'mine.safetensors'), 'utf8')).toBe('weights');
    const json = await readDrivesJson(driveRoot);
    expect(json[comfyUrl].checkpoints).toBe(linked.drivePath);
    expect(json[forgeUrl].checkpoints).toBe(linked.drivePath);
    expect(linked.drivePath).toBe(path.join(driveRoot, 'drives', 'peers', 'd1000', 'checkpoints'));
  });

  it('gives a peer the same drive folder and keeps clashing files of both', async () => {
    const comfy = path.join(root, 'api', 'comfy');
    const forge = path.join(root, 'api', 'forge');
    await mkdir(path.join(comfy, 'models', 'loras'), { recursive: true });
    await writeFile(path.join(comfy, 'models', 'loras', 'a.safetensors'), 'comfy');
    await linkRoutes({
      driveRoot,
      appDir: comfy,
      selfUrl: comfyUrl,
      drive: { loras: 'models/loras' },
      peers: [forgeUrl],
      now,
    });
    await mkdir(path.join(forge, 'models', 'Lora'), { recursive: true });
    await writeFile(path.join(forge, 'models', 'Lora', 'a.safetensors'), 'forge');
    await writeFile(path.join(forge, 'models', 'Lora', 'b.safetensors'), 'b');
    const [linked] = await linkRoutes({
      driveRoot,
      appDir: forge,
      selfUrl: forgeUrl,
      drive: { loras: ['models/Lora'], vae: 'models/VAE' },
      peers: [comfyUrl],
      now,
    });
    expect(await readdir(path.join(forge, 'models', 'Lora'))).toEqual(
      expect.arrayContaining(['a.safetensors', 'b.safetensors']),
    );
    expect(await readFile(path.join(comfy, 'models', 'loras', 'b.safetensors'), 'utf8')).toBe('b');
    expect(await readFile(path.join(linked.drivePath, 'a.safetensors'), 'utf8')).toBe('comfy');
    expect(linked.conflicts).toHaveLength(1);
    expect(await readFile(linked.conflicts[0], 'utf8')).toBe('forge');
    const json = await readDrivesJson(driveRoot);
    expect(path.dirname(json[forgeUrl].vae)).toBe(path.dirname(json[comfyUrl].loras));
  });

  it('leaves a path that is already a link alone and skips dot-prefixed paths', async () => {
    const app = path.join(root, 'api', 'x');
    await mkdir(app, { recursive: true });
    await linkRoutes({ driveRoot, appDir: app, selfUrl: 'u', drive: { out: 'outputs' }, now });
    const again = await linkRoutes({
      driveRoot,
      appDir: app,
      selfUrl: 'u',
      drive: { out: ['outputs', './skip'] },
      now,
    });
    expect(again[0].links).toEqual([]);
    await expect(lstat(path.join(app, 'skip'))).rejects.toThrow();
  });

  it('reads the origin URL from a git config', async () => {
    const app = path.join(root, 'repo');
    await mkdir(path.join(app, '.git'), { recursive: true });
    await writeFile(
      path.join(app, '.git', 'config'),
      `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${comfyUrl}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
    );
    expect(await gitRemoteUrl(app)).toBe(comfyUrl);
    expect(await gitRemoteUrl(root)).toBeNull();
  });
});
