// Decides whether a request belongs to an app: /apps/<name>/…, the bare /apps/<name>, or a stray Referer-routed path.
import type { ProxiedRequest } from './types';
import { PROXY_APP_NAME, proxyBase } from '../../lib/shared/proxy-profile';

export type Route =
  | { kind: 'none' }
  /** `/apps/<name>` without its trailing slash. */
  | { kind: 'slash'; name: string; location: string }
  /** `/apps/<name>/rest` (rest includes the query). */
  | { kind: 'app'; name: string; rest: string }
  /** A root-absolute request made from a page of that app. */
  | { kind: 'stray'; name: string }
  /** `/apps` or `/apps/` itself: the library lives at `/`. */
  | { kind: 'home' }
  /** Under /apps/ but not a valid app name. */
  | { kind: 'invalid'; name: string };

const NONE: Route = { kind: 'none' };
const APPS = '/apps/';

export function routeOf(req: ProxiedRequest): Route {
  const url = req.url ?? '/';
  if (url.startsWith(APPS)) return appRoute(url);
  if (url === '/apps' || url.startsWith('/apps?')) return { kind: 'home' };
  if (isReserved(url, req.method)) return NONE;
  const name = refererApp(req);
  return name === null ? NONE : { kind: 'stray', name };
}

function appRoute(url: string): Route {
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
    return { kind: 'slash', name, location: `${proxyBase(name)}/${url.slice(end)}` };
  }
  return { kind: 'app', name, rest: url.slice(end) };
}

/** Hangar's own paths: Next's assets, Hangar's namespace, and POST /api (the JSON-RPC endpoint). */
function isReserved(url: string, method: string | undefined): boolean {
  if (url.startsWith('/_next/') || url.startsWith('/_hangar/')) return true;
  if (url === '/api' || url.startsWith('/api?')) return method === 'POST';
  return false;
}

/** The app whose page made this request, from a same-host Referer inside /apps/<name>/. */
export function refererApp(req: ProxiedRequest): string | null {
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
  if (!referer.startsWith(APPS, pathStart)) return null;
  const nameStart = pathStart + APPS.length;
  const nameEnd = referer.indexOf('/', nameStart);
  if (nameEnd < 0) return null;
  const name = referer.slice(nameStart, nameEnd);
  return PROXY_APP_NAME.test(name) ? name : null;
}
