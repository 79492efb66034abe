// Renders a launcher `menu` (array or `(kernel, info)` function) into plain, serialisable menu items.
import type { MenuItem } from '../../shared/menu';
import type { LauncherInfo } from '../script/info';

/** Calls a menu function if needed and normalises every item (legacy `filter`, `when`/`on`/`off`, query params). */
export async function renderMenu(
  menu: unknown,
  kernel: unknown,
  info: LauncherInfo,
): Promise<MenuItem[]> {
  const raw =
    typeof menu === 'function'
      ? await (menu as (k: unknown, i: unknown) => unknown)(kernel, info)
      : menu;
  return normalizeItems(raw, info, 0);
}

function normalizeItems(raw: unknown, info: LauncherInfo, depth: number): MenuItem[] {
  if (!Array.isArray(raw)) return [];
  const out: MenuItem[] = [];
  for (const entry of raw) {
    const item = normalizeItem(entry, info, depth);
    if (item) out.push(item);
  }
  return out;
}

function normalizeItem(entry: unknown, info: LauncherInfo, depth: number): MenuItem | null {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const source = entry as Record<string, unknown>;
  if (typeof source.filter === 'function' && !(source.filter as () => unknown)()) return null;
  const item: MenuItem = {};
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'function' || key === 'filter' || key === 'menu') continue;
    const plain = toPlain(value);
    if (plain !== undefined) item[key] = plain;
  }
  if (typeof source.when === 'string' && ('on' in source || 'off' in source)) {
    // Legacy label form: `when` names a script; `on`/`off` hold the HTML for its running/idle states.
    const running = info.running(source.when);
    const html = running ? source.on : source.off;
    if (typeof html !== 'string') return null;
    item.html = html;
    delete item.on;
    delete item.off;
    delete item.when;
  }
  if (typeof item.href === 'string') {
    const query = queryParams(item.href);
    if (query) item.params = { ...query, ...(isRecord(item.params) ? item.params : {}) };
  }
  if (source.menu !== undefined) {
    const nested =
      typeof source.menu === 'function' ? [] : normalizeItems(source.menu, info, depth + 1);
    item.menu = nested;
  }
  return item;
}

/** Query string of a relative script href (`chat.json?run=true`) as params; null for URLs or no query. */
export function queryParams(href: string): Record<string, string> | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
  const at = href.indexOf('?');
  if (at < 0) return null;
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(href.slice(at + 1))) params[k] = v;
  return Object.keys(params).length ? params : null;
}

function toPlain(value: unknown): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
    return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    // Cyclic or otherwise unserialisable values cannot reach the UI; leave the key out.
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
