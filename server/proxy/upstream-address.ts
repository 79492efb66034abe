// Where an app listens (its host: 127.0.0.1 for a local app, the node's address for one on another host; its port;
// the gate on that host it is reached through), and how long connecting there may take.
import type { Socket } from 'node:net';
import {
  appAuthority,
  dialAuthority,
  dialHost,
  LOOPBACK,
  type AppAddress,
} from '../../lib/http/app-dial';

/** The host of a target that names none: the app runs on Hangar's own machine. */
export const LOCAL_UPSTREAM = LOOPBACK;

/**
 * How long connecting to an app may take. A local app refuses at once when it does not listen, but a host that
 * drops packets (a node gone, a firewall) would hold a request for the kernel's two minutes of SYN retries.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The host to connect to, as `net.connect` takes it (an IPv6 literal without brackets). */
export function upstreamHost(target: Pick<AppAddress, 'host'>): string {
  return dialHost(target);
}

/** How the app is addressed in a Host header or a URL (lib/http/app-dial.ts appAuthority). */
export function upstreamAuthority(target: AppAddress): string {
  return appAuthority(target);
}

/** Where requests for the app go, for messages: the host's gate names the app's port behind it too. */
export function upstreamLabel(target: AppAddress): string {
  if (!target.gate) return dialAuthority(target);
  return `${dialAuthority(target)} (the gate in front of its port ${target.port})`;
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
