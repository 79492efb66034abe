// ComfyUI's extra_model_paths.yaml written and merged in a real folder (read back by PyYAML, as ComfyUI reads it),
// the corpus ComfyUI launcher's layout, and the A1111/Forge flags.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  comfyFolder,
  driveInjection,
  writeComfyPaths,
} from '../../../../lib/engine/apps/app-drive';
import { parseDriveProfile } from '../../../../lib/shared/drive-profile';
import { repoRoot } from '../../../helpers/spawn-server';

const CORPUS = path.resolve(repoRoot, '../shared/pinokio-corpus');

/** Parses YAML with PyYAML's safe_load, the loader ComfyUI uses for extra_model_paths.yaml. */
function loadYaml(file: string): Record<string, Record<string, string>> {
  const out = execFileSync(
    'python3',
    ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as Record<string, Record<string, string>>;
}

describe('apps see the drive through their own settings', () => {
  let root: string;
  let drive: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hangar-appdrive-'));
    drive = path.join(root, 'home dir', 'drive');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('follows the corpus ComfyUI launcher: ComfyUI is cloned into app/, where main.py runs', async () => {
    const install = await readFile(path.join(CORPUS, 'comfy/install.js'), 'utf8');
    const start = await readFile(path.join(CORPUS, 'comfy/start.js'), 'utf8');
    expect(install).toContain('git clone https://github.com/comfyanonymous/ComfyUI app');
    expect(start).toMatch(/path: "app"[\s\S]*python main\.py/);
    const appDir = path.join(root, 'api', 'comfy.git');
    expect(await comfyFolder(appDir)).toBeNull();
    await mkdir(path.join(appDir, 'app'), { recursive: true });
    await writeFile(path.join(appDir, 'app', 'main.py'), '');
    expect(await comfyFolder(appDir)).toBe(path.join(appDir, 'app'));
    const injected = await driveInjection(parseDriveProfile({ models: 'comfyui' }), appDir, drive);
    expect(injected.comfyConfig).toBe(path.join(appDir, 'app', 'extra_model_paths.yaml'));
    expect(injected.env).toEqual({ OLLAMA_MODELS: path.join(drive, 'models', 'ollama') });
    const yaml = loadYaml(injected.comfyConfig!);
    expect(yaml.hangar).toEqual({
      base_path: path.join(drive, 'models'),
      checkpoints: 'checkpoints',
      loras: 'loras',
      vae: 'vaes',
      embeddings: 'embeddings',
      unet: 'gguf',
    });
    for (const folder of ['checkpoints', 'loras', 'vaes', 'embeddings', 'gguf']) {
      expect((await stat(path.join(drive, 'models', folder))).isDirectory()).toBe(true);
    }
  });

  it("keeps the user's sections and comments and replaces only its own, once", async () => {
    const comfy = path.join(root, 'comfy');
    await mkdir(comfy, { recursive: true });
    const user = [
      '# my models on the NAS',
      'a111:',
      '    base_path: /mnt/nas/sd/',
      '    checkpoints: models/Stable-diffusion',
      '',
      'hangar:',
      '    base_path: /old/place',
      '    checkpoints: old',
      'other_ui:',
      '    base_path: /srv/other',
      '    loras: |',
      '        loras',
      '        more-loras',
      '',
    ].join('\n');
    await writeFile(path.join(comfy, 'extra_model_paths.yaml'), user);
    const file = await writeComfyPaths(comfy, drive);
    const once = await readFile(file, 'utf8');
    expect(once.startsWith(user.split('hangar:')[0])).toBe(true);
    expect(once).toContain('other_ui:\n    base_path: /srv/other\n    loras: |\n        loras\n');
    expect(once).not.toContain('/old/place');
    const yaml = loadYaml(file);
    expect(Object.keys(yaml)).toEqual(['a111', 'other_ui', 'hangar']);
    expect(yaml.a111.checkpoints).toBe('models/Stable-diffusion');
    expect(yaml.other_ui.loras).toBe('loras\nmore-loras\n');
    expect(yaml.hangar.base_path).toBe(path.join(drive, 'models'));
    await writeComfyPaths(comfy, drive);
    expect(await readFile(file, 'utf8')).toBe(once);
  });

  it('gives A1111 and Forge their folder flags in COMMANDLINE_ARGS, or on the command line', async () => {
    const appDir = path.join(root, 'forge');
    const viaEnv = await driveInjection(parseDriveProfile({ models: 'forge' }), appDir, drive);
    const dir = (kind: string) => `'${path.join(drive, 'models', kind)}'`;
    expect(viaEnv.args).toEqual([]);
    expect(viaEnv.env.COMMANDLINE_ARGS).toBe(
      `--ckpt-dir ${dir('checkpoints')} --lora-dir ${dir('loras')} --vae-dir ${dir('vaes')} --embeddings-dir ${dir('embeddings')}`,
    );
    const viaArgs = await driveInjection(
      parseDriveProfile({ models: 'a1111', argsVia: 'args' }),
      appDir,
      drive,
    );
    expect(viaArgs.env.COMMANDLINE_ARGS).toBeUndefined();
    expect(viaArgs.args.slice(0, 2)).toEqual([
      '--ckpt-dir',
      path.join(drive, 'models', 'checkpoints'),
    ]);
    expect(() => parseDriveProfile({ models: 'invokeai' })).toThrow(/models/);
  });
});
