// The Hangar home on disk: its layout, creation on first start, and config.json.
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { homeConfigSchema, type HomeConfig } from '../shared/config';
import { readStateFile } from './state-file-read';
import { writeJsonAtomic } from './state-file';

export { writeFileAtomic, writeJsonAtomic } from './state-file';

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
export async function ensureHome(
  root: string,
): Promise<{ layout: HomeLayout; config: HomeConfig }> {
  const layout = homeLayout(root);
  for (const dir of HOME_DIRS) await mkdir(layout[dir], { recursive: true });
  await mkdir(layout.state, { recursive: true });
  const config = await loadConfig(layout.config);
  return { layout, config };
}

/** Permission bits of config.json: it holds the Hugging Face token. */
export const CONFIG_MODE = 0o600;

/**
 * Reads config.json, writing defaults when it is missing, and makes it readable by its owner only. A file that is
 * not JSON or breaks the schema is moved aside (`config.json.corrupt-<time>`) and reported, never overwritten.
 */
export async function loadConfig(file: string): Promise<HomeConfig> {
  const config = await readStateFile(file, homeConfigSchema, 'config_invalid');
  if (config === null) {
    const defaults = homeConfigSchema.parse({});
    await writeJsonAtomic(file, defaults, { mode: CONFIG_MODE });
    return defaults;
  }
  if (((await stat(file)).mode & 0o777) !== CONFIG_MODE) await chmod(file, CONFIG_MODE);
  return config;
}
