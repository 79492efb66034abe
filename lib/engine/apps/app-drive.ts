// How an app sees the shared drive through its own settings: ComfyUI's extra_model_paths.yaml, A1111/Forge's
// folder flags, text-generation-webui's CMD_FLAGS.txt, and OLLAMA_MODELS. The drive's human folders (drive/models/<kind>s) are what they point at.
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DriveProfile } from '../../shared/drive-profile';
import { shellQuote } from '../steps/shell/message';
import { kindFolder, type ModelKind } from '../drive';
import { writeFileAtomic } from '../state-file';
import { writeTextgenFlags } from './app-drive-textgen';

export interface DriveInjection {
  env: Record<string, string>;
  /** Appended to the command that serves the app (profile `argsVia: args`). */
  args: string[];
  /** The extra_model_paths.yaml written, when the profile is `comfyui` and ComfyUI's folder was found. */
  comfyConfig: string | null;
  /** The CMD_FLAGS.txt written, when the profile is `textgen` and the webui's folder was found. */
  flagsFile: string | null;
}

/** Where the drive keeps models of a kind for people and apps to browse: `drive/models/<kind>s`. */
export function driveModelsDir(driveDir: string, kind: ModelKind): string {
  return path.join(driveDir, 'models', kindFolder(kind));
}

/** The variables every app gets so that model stores it shares land in the drive. */
export function driveEnv(driveDir: string): Record<string, string> {
  return { OLLAMA_MODELS: path.join(driveDir, 'models', 'ollama') };
}

/** ComfyUI's model folder names and the drive kind each reads. */
const COMFY_FOLDERS: [string, ModelKind][] = [
  ['checkpoints', 'checkpoint'],
  ['loras', 'lora'],
  ['vae', 'vae'],
  ['embeddings', 'embedding'],
  ['unet', 'gguf'],
];

const A1111_FLAGS: [string, ModelKind][] = [
  ['--ckpt-dir', 'checkpoint'],
  ['--lora-dir', 'lora'],
  ['--vae-dir', 'vae'],
  ['--embeddings-dir', 'embedding'],
];

export const HANGAR_SECTION = 'hangar';

/** What an app with this profile is started with; writes ComfyUI's config file on the way. */
export async function driveInjection(
  profile: DriveProfile,
  appDir: string,
  driveDir: string,
): Promise<DriveInjection> {
  const result: DriveInjection = {
    env: driveEnv(driveDir),
    args: [],
    comfyConfig: null,
    flagsFile: null,
  };
  if (profile.models === 'textgen') {
    result.flagsFile = await writeTextgenFlags(appDir, driveModelsDir(driveDir, 'gguf'));
  } else if (profile.models === 'comfyui') {
    const folder = await comfyFolder(appDir);
    if (folder) result.comfyConfig = await writeComfyPaths(folder, driveDir);
  } else if (profile.models === 'a1111' || profile.models === 'forge') {
    const args: string[] = [];
    for (const [flag, kind] of A1111_FLAGS) {
      const dir = driveModelsDir(driveDir, kind);
      await mkdir(dir, { recursive: true });
      args.push(flag, dir);
    }
    if (profile.argsVia === 'args') result.args = args;
    else result.env.COMMANDLINE_ARGS = args.map(shellQuote).join(' ');
  }
  return result;
}

/** ComfyUI's folder in an app: the app folder or its `app/` subfolder, wherever main.py is. */
export async function comfyFolder(appDir: string): Promise<string | null> {
  for (const dir of [path.join(appDir, 'app'), appDir]) {
    if ((await stat(path.join(dir, 'main.py')).catch(() => null))?.isFile()) return dir;
  }
  return null;
}

/** The `hangar` section of extra_model_paths.yaml: JSON strings are valid YAML scalars, so paths need no escaping. */
export function comfySection(driveDir: string): string {
  const lines = [
    `${HANGAR_SECTION}:`,
    `    base_path: ${JSON.stringify(path.join(driveDir, 'models'))}`,
  ];
  for (const [name, kind] of COMFY_FOLDERS)
    lines.push(`    ${name}: ${JSON.stringify(kindFolder(kind))}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Replaces the `hangar` section of a YAML file's text (a top-level key and the indented lines under it), or appends
 * it; every other line stays as it was.
 */
export function mergeComfySection(text: string, section: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const kept: string[] = [];
  let inHangar = false;
  for (const line of lines) {
    const topLevel = /^[^\s#]/.test(line);
    if (topLevel) inHangar = new RegExp(`^${HANGAR_SECTION}\\s*:`).test(line);
    if (!inHangar) kept.push(line);
  }
  while (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
  return kept.length === 0 ? section : `${kept.join('\n')}\n\n${section}`;
}

/** Writes (or merges into) `<comfy>/extra_model_paths.yaml`, atomically; returns its path. */
export async function writeComfyPaths(comfyDir: string, driveDir: string): Promise<string> {
  for (const [, kind] of COMFY_FOLDERS)
    await mkdir(driveModelsDir(driveDir, kind), { recursive: true });
  const file = path.join(comfyDir, 'extra_model_paths.yaml');
  const before = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const after = mergeComfySection(before, comfySection(driveDir));
  if (after === before) return file;
  await writeFileAtomic(file, after);
  return file;
}
