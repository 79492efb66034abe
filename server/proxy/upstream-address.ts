// Where an app listens (its host: 127.0.0.1 for a local app, the node's address for one on another host; its port),
// and how long connecting there may take.
import type { Socket } from 'node:net';
import type { ProxyTarget } from './types';

/** The host of a target that names none: the app runs on Hangar's own machine. */
export const LOCAL_UPSTREAM = '127.0.0.1';

/**
 * How long connecting to an app may take. A local app refuses at once when it does not listen, but a host that
 * drops packets (a node gone, a firewall) would hold a request for the kernel's two minutes of SYN retries.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

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

/** Destroys a connecting socket with an error naming where it went unless it connects within `ms`. */
export function limitConnect(socket: Socket, ms: number, authority: string): void {
  if (!socket.connecting) return;
  const timer = setTimeout(
    () => socket.destroy(new Error(`no connection to ${authority} within ${ms / 1000} s`)),
    ms,
  );
  const clear = (): void => clearTimeout(timer);
  socket.once('connect', clear);
  socket.once('close', clear);
}
