// ComfyUI's extra_model_paths.yaml written and merged in a real folder (read back by PyYAML, as ComfyUI reads it),
// the corpus ComfyUI launcher's layout, the A1111/Forge flags, and text-generation-webui's CMD_FLAGS.txt.
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
import { TEXTGEN_MARK } from '../../../../lib/engine/apps/app-drive-textgen';
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

  /** The flags text as the webui's start script reads it (comment lines dropped), split as its shell splits it. */
  function readFlags(file: string): string[] {
    const script = [
      'import json, shlex, sys',
      "lines = [l.strip() for l in open(sys.argv[1]) if l.strip() and not l.strip().startswith('#')]",
      "print(json.dumps(shlex.split(' '.join(lines))))",
    ].join('\n');
    return JSON.parse(
      execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }),
    ) as string[];
  }

  async function webuiAt(dir: string, extra: string[] = []): Promise<void> {
    await mkdir(path.join(dir, 'modules'), { recursive: true });
    await writeFile(path.join(dir, 'server.py'), '');
    for (const name of extra)
      if (name.endsWith('/')) await mkdir(path.join(dir, name), { recursive: true });
      else await writeFile(path.join(dir, name), '');
  }

  it('follows the corpus text-generation-webui launcher: --model-dir beside its own --cpu in CMD_FLAGS.txt', async () => {
    const install = await readFile(
      path.join(CORPUS, 'text-generation-webui.pinokio/install.json'),
      'utf8',
    );
    expect(install).toContain(
      'git clone https://github.com/oobabooga/one-click-installers.git text-generation-webui',
    );
    expect(install).toContain('"path": "text-generation-webui/CMD_FLAGS.txt"');
    const appDir = path.join(root, 'api', 'text-generation-webui.pinokio.git');
    const profile = parseDriveProfile({ models: 'textgen' });
    expect((await driveInjection(profile, appDir, drive)).flagsFile).toBeNull();
    // The one-click installer (webui.py) clones the webui into a folder of the same name below it.
    const installer = path.join(appDir, 'text-generation-webui');
    await webuiAt(path.join(installer, 'text-generation-webui'));
    await writeFile(path.join(installer, 'webui.py'), '');
    await writeFile(path.join(installer, 'CMD_FLAGS.txt'), '--cpu');
    const injected = await driveInjection(profile, appDir, drive);
    expect(injected.flagsFile).toBe(path.join(installer, 'CMD_FLAGS.txt'));
    expect(injected.env).toEqual({ OLLAMA_MODELS: path.join(drive, 'models', 'ollama') });
    const models = path.join(drive, 'models', 'gguf');
    expect(readFlags(injected.flagsFile!)).toEqual(['--cpu', '--model-dir', models]);
    expect((await stat(models)).isDirectory()).toBe(true);
    const once = await readFile(injected.flagsFile!, 'utf8');
    await driveInjection(profile, appDir, drive);
    expect(await readFile(injected.flagsFile!, 'utf8')).toBe(once);
  });

  it('uses user_data/CMD_FLAGS.txt in versions with user_data/, and the one beside one_click.py before', async () => {
    const profile = parseDriveProfile({ models: 'textgen' });
    const recent = path.join(root, 'recent');
    await webuiAt(path.join(recent, 'app'), ['one_click.py', 'user_data/']);
    const flags = path.join(recent, 'app', 'user_data', 'CMD_FLAGS.txt');
    await writeFile(
      flags,
      `# Only used by the one-click installer.
--listen
${TEXTGEN_MARK}
--model-dir /old

`,
    );
    expect((await driveInjection(profile, recent, drive)).flagsFile).toBe(flags);
    const text = await readFile(flags, 'utf8');
    expect(text.startsWith('# Only used by the one-click installer.\n--listen\n')).toBe(true);
    expect(text).not.toContain('/old');
    expect(readFlags(flags)).toEqual([
      '--listen',
      '--model-dir',
      path.join(drive, 'models', 'gguf'),
    ]);

    const older = path.join(root, 'older');
    await webuiAt(older, ['one_click.py']);
    expect((await driveInjection(profile, older, drive)).flagsFile).toBe(
      path.join(older, 'CMD_FLAGS.txt'),
    );
  });
});
