// A launcher folder: merged metadata (pinokio.js < pinokio_meta.json < pinokio.json), live menu, script list.
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LauncherMeta, MenuItem } from '../../shared/menu';
import { EngineError, errorMessage } from '../errors';
import { jsonError, requireFresh } from '../script/imports';
import { buildKernel, type KernelRuntime } from '../script/kernel';
import { buildInfo } from '../script/info';
import { renderMenu } from './menu';
import { listScriptFiles } from './scripts';

export { buildInfo, type LauncherInfo } from '../script/info';
export { renderMenu, queryParams } from './menu';
export { listScriptFiles } from './scripts';

export interface Launcher {
  /** Launcher root (the folder holding pinokio.js; `<dir>/pinokio` when the repo keeps it there). */
  dir: string;
  meta: LauncherMeta;
  /** Renders the menu now (reloads pinokio.js so edits on disk show up). */
  menu(): Promise<MenuItem[]>;
  /** Candidate script files, relative to `dir` (listed on first access, so menus never walk the tree). */
  readonly scripts: string[];
}

/** Loads a launcher folder. EngineError 'not_a_launcher' when it has no pinokio.js/json and no scripts. */
export async function loadLauncher(dir: string, runtime: KernelRuntime): Promise<Launcher> {
  const root = launcherRoot(dir);
  let scripts: string[] | null = null;
  const listScripts = () => (scripts ??= scriptsOf(root, dir));
  const hasConfig = ['pinokio.js', 'pinokio.json'].some((f) => existsSync(path.join(root, f)));
  if (!hasConfig && listScripts().length === 0) {
    throw new EngineError(
      'not_a_launcher',
      `${dir} is not a launcher: it has no pinokio.js, pinokio.json or scripts`,
      {
        details: { dir },
      },
    );
  }
  const config = await loadPinokioJs(root, runtime);
  return {
    dir: root,
    meta: mergeMeta(root, config),
    get scripts() {
      return listScripts();
    },
    async menu() {
      const fresh = await loadPinokioJs(root, runtime);
      if (fresh.menu === undefined) return [];
      try {
        return await renderMenu(fresh.menu, buildKernel(runtime, root), buildInfo(runtime, root));
      } catch (error) {
        throw new EngineError(
          'script_error',
          `${path.join(root, 'pinokio.js')}: menu failed: ${errorMessage(error)}`,
          {
            details: { file: path.join(root, 'pinokio.js') },
            cause: error,
          },
        );
      }
    },
  };
}

/** The script list; a folder that is gone (removed by another call while this one read it) is `not_found`. */
function scriptsOf(root: string, dir: string): string[] {
  try {
    return listScriptFiles(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new EngineError(
      'not_found',
      `${dir} is missing: the app was removed or its folder deleted`,
      {
        details: { dir },
        cause: error,
      },
    );
  }
}

/** `dir`, or `dir/pinokio` when the launcher files live in that subfolder. */
export function launcherRoot(dir: string): string {
  const abs = path.resolve(dir);
  const hasOwn = ['pinokio.js', 'pinokio.json'].some((f) => existsSync(path.join(abs, f)));
  if (!hasOwn && existsSync(path.join(abs, 'pinokio', 'pinokio.js')))
    return path.join(abs, 'pinokio');
  return abs;
}

/** Merges metadata: pinokio.js values, overridden by pinokio_meta.json, overridden by pinokio.json. */
export function mergeMeta(root: string, config: Record<string, unknown>): LauncherMeta {
  const meta: LauncherMeta = {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'function' && key !== 'menu') meta[key] = value;
  }
  Object.assign(
    meta,
    readJson(path.join(root, 'pinokio_meta.json')),
    readJson(path.join(root, 'pinokio.json')),
  );
  if (typeof meta.version === 'number') meta.version = String(meta.version);
  return meta;
}

async function loadPinokioJs(
  root: string,
  runtime: KernelRuntime,
): Promise<Record<string, unknown>> {
  const file = path.join(root, 'pinokio.js');
  if (!existsSync(file)) return {};
  let value: unknown;
  try {
    value = requireFresh(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') {
      throw new EngineError('script_error', `${file}: loading failed: ${errorMessage(error)}`, {
        details: { file },
        cause: error,
      });
    }
    const mod = (await import(`${pathToFileURL(file).href}?v=${(await stat(file)).mtimeMs}`)) as {
      default?: unknown;
    };
    value = mod.default ?? mod;
  }
  if (
    value &&
    typeof value === 'object' &&
    'default' in value &&
    (value as { __esModule?: boolean }).__esModule
  ) {
    value = (value as { default: unknown }).default;
  }
  if (typeof value === 'function')
    value = await (value as (k: unknown, i: unknown) => unknown)(
      buildKernel(runtime, root),
      buildInfo(runtime, root),
    );
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch (error) {
    throw jsonError(file, text, error);
  }
}
