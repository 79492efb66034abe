// The Hangar home on disk: its layout, creation on first start, and config.json.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { homeConfigSchema, type HomeConfig } from '../shared/config';
import { EngineError } from './errors';

export const HOME_DIRS = ['api', 'bin', 'cache', 'drive', 'logs'] as const;

export interface HomeLayout {
  root: string;
  api: string;
  bin: string;
  cache: string;
  drive: string;
  logs: string;
  config: string;
  /** Engine state (running apps, app states, download queue). */
  state: string;
}

export function homeLayout(root: string): HomeLayout {
  const abs = path.resolve(root);
  return {
    root: abs,
    api: path.join(abs, 'api'),
    bin: path.join(abs, 'bin'),
    cache: path.join(abs, 'cache'),
    drive: path.join(abs, 'drive'),
    logs: path.join(abs, 'logs'),
    config: path.join(abs, 'config.json'),
    state: path.join(abs, 'cache', 'state'),
  };
}

/** Creates the home layout (idempotent) and returns it with the validated config. */
export async function ensureHome(root: string): Promise<{ layout: HomeLayout; config: HomeConfig }> {
  const layout = homeLayout(root);
  for (const dir of HOME_DIRS) await mkdir(layout[dir], { recursive: true });
  await mkdir(layout.state, { recursive: true });
  const config = await loadConfig(layout.config);
  return { layout, config };
}

/** Reads config.json, writing defaults when it is missing. A corrupt file is reported, never overwritten. */
export async function loadConfig(file: string): Promise<HomeConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const defaults = homeConfigSchema.parse({});
    await writeJsonAtomic(file, defaults);
    return defaults;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EngineError('config_invalid', `${file} is not valid JSON: ${(error as Error).message}. Fix or remove it; Hangar left it untouched.`, {
      details: { file },
    });
  }
  const parsed = homeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new EngineError('config_invalid', `${file} is invalid (${issues}). Fix or remove it; Hangar left it untouched.`, {
      details: { file, issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

/** Writes JSON to a temp name beside the target, then renames it into place. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
