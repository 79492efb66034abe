// Which proxy a URL goes through, read as curl reads it: https_proxy/HTTPS_PROXY, http_proxy/HTTP_PROXY,
// all_proxy/ALL_PROXY (lower case first), and NO_PROXY/no_proxy (host suffixes, `*`, IPs, CIDR, host:port).
import net from 'node:net';
import { EngineError } from '../errors';

export interface ProxySettings {
  /** Proxy for every http and https download (overrides the environment's proxies). */
  proxy?: string;
  /** Hosts never proxied, added to the environment's NO_PROXY. */
  noProxy?: string;
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name.toLowerCase()] || env[name.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** NO_PROXY of the environment and of the setting, joined. */
export function noProxyList(
  env: Record<string, string | undefined>,
  settings: ProxySettings,
): string {
  return [envValue(env, 'no_proxy'), settings.noProxy?.trim() || undefined]
    .filter((part): part is string => part !== undefined)
    .join(',');
}

/** The proxy URL `url` goes through, or null for a direct connection. */
export function proxyFor(
  url: URL,
  env: Record<string, string | undefined>,
  settings: ProxySettings,
): URL | null {
  if (bypasses(url, noProxyList(env, settings))) return null;
  const scheme = url.protocol === 'https:' ? 'https_proxy' : 'http_proxy';
  const raw = settings.proxy?.trim() || envValue(env, scheme) || envValue(env, 'all_proxy');
  return raw === undefined ? null : parseProxyUrl(raw);
}

/** A proxy URL; curl's default scheme (http://) when none is given. Only http proxies are spoken. */
export function parseProxyUrl(raw: string): URL {
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new EngineError('invalid_params', `Invalid proxy URL ${JSON.stringify(redact(raw))}`);
  }
  if (proxy.protocol !== 'http:') {
    throw new EngineError(
      'unsupported',
      `Proxy ${proxy.host} uses ${proxy.protocol.slice(0, -1)}: only http:// proxies are supported`,
    );
  }
  return proxy;
}

/** The proxy's address for messages: never its credentials. */
export function proxyLabel(proxy: URL): string {
  return `proxy ${proxy.host}`;
}

function redact(raw: string): string {
  return raw.replace(/\/\/[^@/]*@/, '//***@');
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** True when NO_PROXY lists the URL's host (curl's rules: `*`, exact or suffix names, IPs, CIDR). */
export function bypasses(url: URL, noProxy: string): boolean {
  const host = bareHost(url).replace(/\.$/, '');
  const port = defaultPort(url);
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort) [, entry, entryPort] = withPort;
    if (entryPort !== undefined && entryPort !== port) continue;
    entry = entry.replace(/^\[(.*)\]$/, '$1');
    if (matchesEntry(host, entry)) return true;
  }
  return false;
}

function matchesEntry(host: string, entry: string): boolean {
  const slash = entry.indexOf('/');
  if (slash > 0 && net.isIP(host) !== 0)
    return inCidr(host, entry.slice(0, slash), entry.slice(slash + 1));
  if (net.isIP(entry) !== 0) return net.isIP(host) !== 0 && sameIp(host, entry);
  const name = entry.replace(/^\*?\./, '').replace(/\.$/, '');
  return name !== '' && (host === name || host.endsWith(`.${name}`));
}

function sameIp(a: string, b: string): boolean {
  const list = new net.BlockList();
  list.addAddress(b, net.isIPv6(b) ? 'ipv6' : 'ipv4');
  return list.check(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');
}

function inCidr(host: string, base: string, bits: string): boolean {
  const family = net.isIPv6(base) ? 'ipv6' : 'ipv4';
  const prefix = Number(bits);
  if (net.isIP(base) === 0 || !Number.isInteger(prefix)) return false;
  if (prefix < 0 || prefix > (family === 'ipv6' ? 128 : 32)) return false;
  const list = new net.BlockList();
  list.addSubnet(base, prefix, family);
  return list.check(host, net.isIPv6(host) ? 'ipv6' : 'ipv4');
}
