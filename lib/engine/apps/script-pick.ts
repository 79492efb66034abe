// Chooses an app's install and start scripts: the menu's default item for the state, else the conventional file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MenuItem } from '../../shared/menu';

const CONVENTIONAL = {
  install: ['install.js', 'install.json'],
  start: ['start.js', 'start.json'],
  update: ['update.js', 'update.json'],
} as const;

export type ScriptRole = keyof typeof CONVENTIONAL;

/** The default menu item's script (an href to a local .js/.json file), searching nested menus. */
export function defaultScriptOf(menu: MenuItem[], launcherDir: string): string | null {
  for (const item of flatten(menu)) {
    if (!item.default || typeof item.href !== 'string') continue;
    const file = scriptFileOf(item.href, launcherDir);
    if (file) return file;
  }
  return null;
}

export function conventionalScript(role: ScriptRole, launcherDir: string): string | null {
  for (const name of CONVENTIONAL[role]) {
    const file = path.join(launcherDir, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** A menu href that names a local script file (not a URL, not a raw/fs view), resolved against the launcher. */
export function scriptFileOf(href: string, launcherDir: string): string | null {
  if (/^[a-z]+:\/\//i.test(href) || href.startsWith('/')) return null;
  const [file, query] = href.split('?');
  if (query && /(^|&)(raw|fs)(=|&|$)/.test(query)) return null;
  if (!/\.(js|json)$/.test(file)) return null;
  const abs = path.resolve(launcherDir, file);
  return existsSync(abs) ? abs : null;
}

function flatten(menu: MenuItem[]): MenuItem[] {
  return menu.flatMap((item) => [
    item,
    ...(Array.isArray(item.menu) ? flatten(item.menu as MenuItem[]) : []),
  ]);
}
