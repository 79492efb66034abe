// Rewrites Location, Content-Location and Refresh so redirects stay under the app's public prefix.
import type { ProxyTarget } from './types';
import { upstreamAuthority } from './upstream-address';

/** Where the app is: its host (absent for a local app) and port. */
export type Upstream = Pick<ProxyTarget, 'host' | 'port'>;

/** Names an app uses for itself whichever host it runs on (an app on a cluster node prints them too). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/**
 * A URL the app sent back, as the browser must see it. Root-absolute paths get the prefix; absolute
 * URLs to the app's own host and port (or a loopback name with its port) or to the browser's own Host
 * get it too; others (external, relative) stay.
 */
export function rewriteLocation(
  value: string,
  prefix: string,
  upstream: Upstream,
  host: string | undefined,
): string {
  if (value.startsWith('/') && !value.startsWith('//')) return withPrefix(value, prefix);
  const schemeEnd = value.indexOf('://');
  const protocolRelative = value.startsWith('//');
  if (schemeEnd < 0 && !protocolRelative) return value;
  let url: URL;
  try {
    url = new URL(value, 'http://placeholder.invalid');
  } catch {
    // Not a URL the browser could follow either: pass it on untouched.
    return value;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return value;
  const path = url.pathname + url.search + url.hash;
  if (Number(url.port || 80) === upstream.port && isUpstreamHost(url.hostname, upstream))
    return withPrefix(path, prefix);
  if (host !== undefined && url.host.toLowerCase() === host.toLowerCase()) {
    return `${protocolRelative ? '' : url.protocol}//${url.host}${withPrefix(path, prefix)}`;
  }
  return value;
}

/** `Refresh: 5; url=/next` with its URL rewritten. */
export function rewriteRefresh(
  value: string,
  prefix: string,
  upstream: Upstream,
  host: string | undefined,
): string {
  const match = /^(\s*\d+\s*[;,]\s*url\s*=\s*)(['"]?)(.*?)\2\s*$/i.exec(value);
  if (!match) return value;
  return `${match[1]}${match[2]}${rewriteLocation(match[3]!, prefix, upstream, host)}${match[2]}`;
}

/** Whether a URL's hostname (as `URL` spells it: lower case, an IPv6 literal bracketed) names the app's host. */
function isUpstreamHost(hostname: string, upstream: Upstream): boolean {
  if (LOOPBACK.has(hostname)) return true;
  if (upstream.host === undefined) return false;
  try {
    // Spelled the way URL spells the Location's hostname, so `FD00::1` and `fd00:0::1` compare equal.
    // The node's own address (not the loopback a gated app is addressed by).
    const node = upstreamAuthority({ host: upstream.host, port: upstream.port });
    return new URL(`http://${node}/`).hostname === hostname;
  } catch {
    // A host no URL can name is never the host of one.
    return false;
  }
}

function withPrefix(path: string, prefix: string): string {
  if (prefix === '') return path;
  if (path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`))
    return path;
  return prefix + path;
}
