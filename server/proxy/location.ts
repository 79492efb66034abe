// Rewrites Location, Content-Location and Refresh so redirects stay under the app's public prefix.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/**
 * A URL the app sent back, as the browser must see it. Root-absolute paths get the prefix; absolute
 * URLs to the upstream port or to the browser's own Host get it too; others (external, relative) stay.
 */
export function rewriteLocation(
  value: string,
  prefix: string,
  upstreamPort: number,
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
  if (LOOPBACK.has(url.hostname) && Number(url.port || 80) === upstreamPort)
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
  upstreamPort: number,
  host: string | undefined,
): string {
  const match = /^(\s*\d+\s*[;,]\s*url\s*=\s*)(['"]?)(.*?)\2\s*$/i.exec(value);
  if (!match) return value;
  return `${match[1]}${match[2]}${rewriteLocation(match[3]!, prefix, upstreamPort, host)}${match[2]}`;
}

function withPrefix(path: string, prefix: string): string {
  if (prefix === '') return path;
  if (path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`))
    return path;
  return prefix + path;
}
