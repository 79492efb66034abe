// The name the install form suggests for a source: a catalog id, a local launcher's title as a valid name, or the
// repository or folder name. A git URL is not fetched for it: its name comes from the URL. A name an app of another
// app already has gets a number ("comfyui-2"), so a second install of the same launcher goes ahead as suggested.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { deriveAppName, toAppName } from '../../shared/app-name';
import { isEngineError } from '../errors';
import { loadLauncher } from '../launcher';
import type { AppContext } from './app-context';
import { isFromSource } from './app-from-source';
import { isGitUrl } from './app-source';

/** The suggestion; `taken` is the name it would have been, when another app has that one. */
export async function suggestAppName(
  ctx: AppContext,
  source: string,
): Promise<{ name: string; title: string | null; taken: string | null }> {
  const suggested = await nameFromSource(ctx, source);
  const name = freeName(ctx, suggested.name, source);
  return { ...suggested, name, taken: name === suggested.name ? null : suggested.name };
}

/** The name itself when it is free or holds a failed install of this source (to retry); else the first free `name-N`. */
function freeName(ctx: AppContext, name: string, source: string): string {
  const usable = (candidate: string) => {
    const existing = ctx.store.get(candidate);
    if (existing) return existing.state === 'install-failed' && isFromSource(existing, source);
    return !existsSync(ctx.appDir(candidate));
  };
  if (usable(name)) return name;
  for (let n = 2; n < 1000; n++) {
    const suffix = `-${n}`;
    const candidate = `${name.slice(0, 64 - suffix.length)}${suffix}`;
    if (usable(candidate)) return candidate;
  }
  return name;
}

async function nameFromSource(
  ctx: AppContext,
  source: string,
): Promise<{ name: string; title: string | null }> {
  const { catalog, runner } = ctx.options;
  const entry = await catalog.get(source);
  if (entry) return { name: entry.id, title: entry.title };
  const fallback = { name: deriveAppName(source), title: null };
  if (isGitUrl(source)) return fallback;
  const dir = path.resolve(source);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) return fallback;
  const launcher = await loadLauncher(dir, runner).catch((error: unknown) => {
    // Not a launcher (yet): the folder name is the suggestion; the install says what is wrong.
    if (isEngineError(error)) return null;
    throw error;
  });
  const title = typeof launcher?.meta.title === 'string' ? launcher.meta.title.trim() : '';
  const fromTitle = toAppName(title);
  return fromTitle ? { name: fromTitle, title } : fallback;
}
