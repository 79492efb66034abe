// Which files `hangar check` loads as launcher scripts: the JSON/JS scripts at the launcher root and every script
// a menu or another script references; never an app's own source tree below the launcher.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MenuItem } from '../../shared/menu';
import { LAUNCHER_CONFIG_FILES } from '../launcher/scripts';

const SCRIPT_FILE = /\.(c|m)?js$|\.json$/;

/** Absolute paths of the `.js`/`.json` files at the launcher root, configuration files left out. */
export function rootScripts(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && SCRIPT_FILE.test(e.name) && !LAUNCHER_CONFIG_FILES.has(e.name))
    .map((e) => path.join(root, e.name))
    .sort();
}

export interface MenuLink {
  /** Absolute path of the linked script. */
  abs: string;
  /** The href as written, without its query. */
  file: string;
  /** The item's label (text, html or href). */
  label: string;
}

/** Script files the menu items (nested menus included) link to by a relative `href`. */
export function menuLinks(items: readonly MenuItem[], root: string): MenuLink[] {
  const out: MenuLink[] = [];
  for (const item of items) {
    if (item.menu) out.push(...menuLinks(item.menu, root));
    if (typeof item.href !== 'string' || !isRelativeScript(item.href)) continue;
    const file = item.href.split('?')[0]!;
    out.push({
      abs: path.resolve(root, file),
      file,
      label: String(item.text ?? item.html ?? item.href),
    });
  }
  return out;
}

/** Script files a step's rendered params link to by a relative `href` (a `notify` pointing to the next script). */
export function hrefLinks(
  params: unknown,
  dir: string,
  field = '',
): { abs: string; file: string; field: string }[] {
  if (!params || typeof params !== 'object') return [];
  const out: { abs: string; file: string; field: string }[] = [];
  for (const [key, value] of Object.entries(params)) {
    const at = field ? `${field}.${key}` : key;
    if (value && typeof value === 'object') out.push(...hrefLinks(value, dir, at));
    else if (key === 'href' && typeof value === 'string' && isRelativeScript(value)) {
      const file = value.split('?')[0]!;
      out.push({ abs: path.resolve(dir, file), file, field: at });
    }
  }
  return out;
}

function isRelativeScript(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:|^\/|\{\{/i.test(href) && SCRIPT_FILE.test(href.split('?')[0]!);
}

const QUOTED_SCRIPT = /(['"`])([\w@+~ .-][\w@+~ ./-]*\.(?:c|m)?js(?:on)?)\1/g;

/**
 * Scripts a menu module names in its code (`info.running("wan/text14b.js")`, an href built in a branch no
 * rendered state reaches): quoted relative paths of existing files inside the launcher.
 */
export function namedScripts(file: string, source: string, root: string): string[] {
  const out = new Set<string>();
  for (const match of source.matchAll(QUOTED_SCRIPT)) {
    const abs = path.resolve(path.dirname(file), match[2]!);
    const rel = path.relative(root, abs);
    if (
      rel.startsWith('..') ||
      path.isAbsolute(rel) ||
      rel.split(path.sep).includes('node_modules')
    )
      continue;
    if (!rel.includes(path.sep) && LAUNCHER_CONFIG_FILES.has(rel)) continue;
    if (existsSync(abs) && statSync(abs).isFile()) out.add(abs);
  }
  return [...out].sort();
}
