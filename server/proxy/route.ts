// Decides whether a request belongs to an app: /apps/<name>/…, the bare /apps/<name>, or a stray Referer-routed path.
import type { ProxiedRequest, ProxyTarget } from './types';
import { StrayMemory } from './stray-memory';
import { PROXY_APP_NAME, proxyBase, type ProxyProfile } from '../../lib/shared/proxy-profile';

export type Route =
  | { kind: 'none' }
  /** `/apps/<name>` without its trailing slash, for an app that is not served there as is. */
  | { kind: 'slash'; name: string; location: string }
  /** `/apps/<name>/rest` (rest includes the query); rest is empty or a query for a bare `/apps/<name>` kept as is. */
  | { kind: 'app'; name: string; rest: string }
  /** A root-absolute request made from a page of that app (or from a stray already routed to it). */
  | { kind: 'stray'; name: string }
  /** A page of that app navigating out of its prefix: sent back under it, to `location`. */
  | { kind: 'return'; name: string; location: string }
  /** `/apps` or `/apps/` itself: the library lives at `/`. */
  | { kind: 'home' }
  /** Under /apps/ but not a valid app name. */
  | { kind: 'invalid'; name: string };

/** What routing reads of the running apps. */
export interface RouteApps {
  /** The profile of the running path-mode app of that name, or null (not running, or at its own origin). */
  pathProfile(name: string): ProxyProfile | null;
  /** Stray paths already routed, and to which app. */
  strays: StrayMemory;
}

/** Routing's view of the apps `lookup` finds, with a fresh stray memory. */
export function routeApps(lookup: (name: string) => ProxyTarget | null): RouteApps {
  return {
    pathProfile(name) {
      const target = lookup(name);
      return target === null || target.profile.mode !== 'path' ? null : target.profile;
    },
    strays: new StrayMemory(),
  };
}

/**
 * Hangar's own paths: a navigation from an app's page to one of them is never sent back under the app's prefix,
 * and none of them is remembered as an app's stray. Entries ending in `/` are namespaces; the others match
 * themselves and what lies below them.
 */
export const HANGAR_PATHS: readonly string[] = [
  '/_next/',
  '/_hangar/',
  '/api',
  '/manage',
  '/discover',
  '/models',
  '/terminals',
  '/settings',
];

const NONE: Route = { kind: 'none' };
const APPS = '/apps/';

/**
 * Where a request goes. A stray is only routed to a running path-mode app with refererRouting, and its path
 * (unless it is the root or one of Hangar's) is then remembered as that app's.
 */
export function routeOf(req: ProxiedRequest, apps: RouteApps): Route {
  const url = req.url ?? '/';
  if (url.startsWith(APPS)) return appRoute(url, apps);
  if (url === '/apps' || url.startsWith('/apps?')) return { kind: 'home' };
  if (isReserved(url, req.method)) return NONE;
  const name = refererApp(req, apps.strays);
  if (name === null || apps.pathProfile(name)?.refererRouting !== true) return NONE;
  const path = pathOf(url);
  const appPath = url.startsWith('/') && !isHangarPath(path);
  if (appPath && req.method === 'GET' && req.headers['sec-fetch-mode'] === 'navigate') {
    return { kind: 'return', name, location: proxyBase(name) + url };
  }
  if (appPath && path !== '/' && req.headers.host)
    apps.strays.remember(req.headers.host, path, name);
  return { kind: 'stray', name };
}

function appRoute(url: string, apps: RouteApps): Route {
  let end = url.length;
  for (let i = APPS.length; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */) {
      end = i;
      break;
    }
  }
  const name = url.slice(APPS.length, end);
  if (name === '') return { kind: 'home' };
  if (!PROXY_APP_NAME.test(name)) return { kind: 'invalid', name };
  if (end === url.length || url.charCodeAt(end) === 63) {
    if (apps.pathProfile(name)?.slashRedirect === false)
      return { kind: 'app', name, rest: url.slice(end) };
    return { kind: 'slash', name, location: `${proxyBase(name)}/${url.slice(end)}` };
  }
  return { kind: 'app', name, rest: url.slice(end) };
}

/** The path an app that strips its prefix gets for `url` under `prefix`: `/apps/x?q` becomes `/?q`. */
export function withoutPrefix(url: string, prefix: string): string {
  const rest = url.slice(prefix.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Hangar's own paths: Next's assets, Hangar's namespace, and POST /api (the JSON-RPC endpoint). */
function isReserved(url: string, method: string | undefined): boolean {
  if (url.startsWith('/_next/') || url.startsWith('/_hangar/')) return true;
  if (url === '/api' || url.startsWith('/api?')) return method === 'POST';
  return false;
}

/** Whether a path (no query) is one of HANGAR_PATHS or lies below one. */
export function isHangarPath(path: string): boolean {
  for (const own of HANGAR_PATHS) {
    if (own.endsWith('/') ? path.startsWith(own) : path === own || path.startsWith(`${own}/`))
      return true;
  }
  return false;
}

/**
 * The app whose page made this request: from a same-host Referer inside /apps/<name>/ (or the bare
 * /apps/<name>), else from a Referer that is a stray path already routed to an app.
 */
export function refererApp(req: ProxiedRequest, strays: StrayMemory): string | null {
  const referer = req.headers.referer;
  if (!referer) return null;
  const host = req.headers.host;
  if (!host) return null;
  // Referer is an absolute URL: scheme://host/path. Compare the authority before trusting the path.
  const schemeEnd = referer.indexOf('://');
  if (schemeEnd < 0) return null;
  const authorityStart = schemeEnd + 3;
  const pathStart = referer.indexOf('/', authorityStart);
  if (pathStart < 0) return null;
  if (referer.slice(authorityStart, pathStart).toLowerCase() !== host.toLowerCase()) return null;
  const path = pathOf(referer.slice(pathStart));
  if (!path.startsWith(APPS)) return strays.recall(host, path);
  const nameEnd = path.indexOf('/', APPS.length);
  const name = path.slice(APPS.length, nameEnd < 0 ? path.length : nameEnd);
  return PROXY_APP_NAME.test(name) ? name : null;
}

/** A URL's path: what comes before its query or fragment. */
function pathOf(url: string): string {
  let end = url.length;
  const query = url.indexOf('?');
  if (query >= 0) end = query;
  const hash = url.indexOf('#');
  if (hash >= 0 && hash < end) end = hash;
  return url.slice(0, end);
}
