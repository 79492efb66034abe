// Cookie handling across the proxy: strip Hangar's cookies going up, scope and rename app cookies coming down.
import type { CookieNames } from './types';

/**
 * The Cookie header to send upstream: Hangar's cookies removed; with renaming, only this app's
 * `<app>__` cookies, under their original names. Returns null when nothing is left.
 */
export function upstreamCookie(header: string, hangar: CookieNames, renamePrefix: string | null): string | null {
  const kept: string[] = [];
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (renamePrefix !== null) {
      if (name.startsWith(renamePrefix) && name.length > renamePrefix.length) kept.push(pair.slice(renamePrefix.length));
    } else if (!hangar.has(name)) {
      kept.push(pair);
    }
  }
  return kept.length === 0 ? null : kept.join('; ');
}

/** Whether a Cookie header may hold one of Hangar's cookies (the fast path skips rewriting when not). */
export function mentionsAny(header: string, names: CookieNames): boolean {
  return header.includes(names.marker);
}

/**
 * Rewrites one Set-Cookie value: Domain dropped, Path scoped under the app's prefix (path mode),
 * name prefixed when renaming. Returns null for a cookie the app must not set (one of Hangar's).
 */
export function rewriteSetCookie(
  value: string,
  prefix: string,
  hangar: CookieNames,
  renamePrefix: string | null,
): string | null {
  const parts = value.split(';');
  const first = parts[0]!.trim();
  const eq = first.indexOf('=');
  const name = eq < 0 ? first : first.slice(0, eq);
  let nameValue = first;
  if (renamePrefix !== null) nameValue = renamePrefix + first;
  else if (hangar.has(name)) return null;
  const out = [nameValue];
  let sawPath = false;
  for (let i = 1; i < parts.length; i++) {
    const attr = parts[i]!.trim();
    if (attr === '') continue;
    const key = attr.slice(0, attr.indexOf('=') < 0 ? attr.length : attr.indexOf('=')).trim().toLowerCase();
    if (key === 'domain') continue;
    if (key === 'path') {
      sawPath = true;
      const path = attr.slice(attr.indexOf('=') + 1).trim();
      out.push(`Path=${scopePath(path, prefix)}`);
      continue;
    }
    out.push(attr);
  }
  if (!sawPath && prefix !== '') out.push(`Path=${prefix}/`);
  return out.join('; ');
}

function scopePath(path: string, prefix: string): string {
  if (prefix === '') return path || '/';
  if (path === prefix || path.startsWith(`${prefix}/`)) return path;
  if (!path.startsWith('/')) return `${prefix}/`;
  return prefix + path;
}
