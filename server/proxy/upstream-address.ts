// Where an app listens: its host (127.0.0.1 for a local app, the node's address for one on another host) and port.
import type { ProxyTarget } from './types';

/** The host of a target that names none: the app runs on Hangar's own machine. */
export const LOCAL_UPSTREAM = '127.0.0.1';

/** The host to connect to, as `net.connect` takes it (an IPv6 literal without brackets). */
export function upstreamHost(target: Pick<ProxyTarget, 'host'>): string {
  const host = target.host;
  if (host === undefined || host === '') return LOCAL_UPSTREAM;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `host:port` as a Host header or a URL's authority writes it (an IPv6 literal in brackets). */
export function upstreamAuthority(target: Pick<ProxyTarget, 'host' | 'port'>): string {
  const host = upstreamHost(target);
  return host.includes(':') ? `[${host}]:${target.port}` : `${host}:${target.port}`;
}
