// Connecting to an app's server: straight to its host and port, or, for an app on a cluster node, to the gate
// that Hangar runs beside it there. The app then listens on the node's loopback only, and the gate lets a
// connection through only after its first line names the job's secret: other users of the cluster network
// cannot reach the app by its node's address.
import net from 'node:net';

/** The gate in front of an app on another host: its port there and the secret each connection opens with. */
export interface GateAddress {
  port: number;
  token: string;
}

/** Where an app answers: its port, on `host` (absent: this machine), through `gate` when it has one. */
export interface AppAddress {
  port: number;
  host?: string;
  gate?: GateAddress;
}

/** The app's own loopback: where an app on this machine, or behind a gate, listens. */
export const LOOPBACK = '127.0.0.1';

/** The line a gated connection opens with: the version, the secret, the app's port on the node's loopback. */
export function gatePreface(gate: GateAddress, appPort: number): string {
  return `HANGAR-GATE1 ${gate.token} ${appPort}\n`;
}

/** The host to connect to, as `net.connect` takes it (an IPv6 literal without brackets). */
export function dialHost(address: Pick<AppAddress, 'host'>): string {
  const host = address.host;
  if (host === undefined || host === '') return LOOPBACK;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * `host:port` as a Host header or a URL's authority writes it (an IPv6 literal in brackets): how the app is
 * addressed. Behind a gate the app listens on its node's loopback and is addressed as a local app would be.
 */
export function appAuthority(address: AppAddress): string {
  if (address.gate) return `${LOOPBACK}:${address.port}`;
  return dialAuthority(address);
}

/** `host:port` of where the connection goes (the gate's port for a gated app), for messages. */
export function dialAuthority(address: AppAddress): string {
  const host = dialHost(address);
  const port = address.gate?.port ?? address.port;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Opens a connection to the app (writes queue until it is up). Through a gate the preface goes first, so every
 * byte the caller writes reaches the app as it was written.
 */
export function dialApp(
  address: AppAddress,
  options: Omit<net.TcpNetConnectOpts, 'host' | 'port'> = {},
): net.Socket {
  const socket = net.connect({
    ...options,
    host: dialHost(address),
    port: address.gate?.port ?? address.port,
  });
  if (address.gate) socket.write(gatePreface(address.gate, address.port), 'latin1');
  return socket;
}
