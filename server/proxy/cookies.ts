// Cookie handling across the proxy: strip Hangar's cookies going up, scope and rename app cookies coming down.
import type { CookieNames, ForwardContext } from './types';

/**
 * The Cookie header to send upstream: Hangar's cookies removed; with renaming, only this app's
 * `<app>__` cookies, under their original names. Returns null when nothing is left.
 */
export function upstreamCookie(
  header: string,
  hangar: CookieNames,
  renamePrefix: string | null,
): string | null {
  const kept: string[] = [];
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (renamePrefix !== null) {
      if (name.startsWith(renamePrefix) && name.length > renamePrefix.length)
        kept.push(pair.slice(renamePrefix.length));
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
 * Where an app's cookies are scoped: under its prefix in path mode; at the root ('/') when the app takes stray
 * requests, since its root-level requests (routed to it by Referer) need its cookies too; '' (left as they are)
 * on a port origin.
 */
export function cookieScope(ctx: ForwardContext): string {
  if (ctx.prefix === '' || !ctx.target.profile.refererRouting) return ctx.prefix;
  return '/';
}

/**
 * Rewrites one Set-Cookie value: Domain dropped, Path scoped by `scope` (see cookieScope: a prefix puts it under
 * that prefix, '/' keeps the app's path and gives a cookie without one Path=/, '' leaves it alone), name prefixed
 * when renaming. Returns null for a cookie the app must not set (one of Hangar's).
 */
export function rewriteSetCookie(
  value: string,
  scope: string,
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
    const key = attr
      .slice(0, attr.indexOf('=') < 0 ? attr.length : attr.indexOf('='))
      .trim()
      .toLowerCase();
    if (key === 'domain') continue;
    if (key === 'path') {
      sawPath = true;
      const path = attr.slice(attr.indexOf('=') + 1).trim();
      out.push(`Path=${scopePath(path, scope)}`);
      continue;
    }
    out.push(attr);
  }
  if (!sawPath && scope !== '') out.push(`Path=${scope === '/' ? '/' : `${scope}/`}`);
  return out.join('; ');
}

function scopePath(path: string, prefix: string): string {
  if (prefix === '') return path || '/';
  if (prefix === '/') return path.startsWith('/') ? path : '/';
  if (path === prefix || path.startsWith(`${prefix}/`)) return path;
  if (!path.startsWith('/')) return `${prefix}/`;
  return prefix + path;
}
