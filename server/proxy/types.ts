// Types of the app reverse proxy: what it needs from the server and what it gives back.
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { ProxyProfile } from '../../lib/shared/proxy-profile';

/** What the proxy reads of a browser request: Node's IncomingMessage, or a head parsed by the fast lane. */
export interface ProxiedRequest {
  method?: string;
  url?: string;
  /** Flat [name, value, …] as the browser sent them. */
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string; encrypted?: boolean };
}

export interface FastLaneOptions {
  /** The server's own policy (Host check, login) for a request the lane would serve; false sends it the slow way. */
  admit(req: ProxiedRequest): boolean;
  /** How long a connection may idle between requests. */
  keepAliveMs: number;
  /** How long a request head may take to arrive whole (default 60 s, as Node's server). */
  headersTimeoutMs?: number;
}

export interface FastLaneHandle {
  /** Ends the lane's connections that idle between requests (call it when the server stops accepting). */
  closeIdle(): void;
}

/** A running app the proxy may forward to. */
export interface ProxyTarget {
  name: string;
  port: number;
  profile: ProxyProfile;
}

export interface AppProxyOptions {
  /** The running app of that name, or null when it is unknown or not running. */
  lookup(name: string): ProxyTarget | null;
  /** Hangar's page for the app, linked from the "not running" page. */
  dashboardUrl(name: string): string;
  /** Hangar's own cookies: never forwarded to an app, never set by one. */
  hangarCookieNames: string[];
  /** True for an `Authorization` value carrying Hangar's own token: it is not forwarded to apps. */
  isHangarAuthorization?(value: string): boolean;
  /** Gate in front of per-app port origins (Hangar's main origin is checked by the dispatcher). */
  authorize?(req: IncomingMessage): boolean;
  /**
   * Lets the fast lane serve a port origin's plain GET/HEAD when this says yes (the login session alone, say:
   * no bearer check, no failure counted); a no sends the request to Node's path, where `authorize` decides.
   * Without it, every port-origin request takes Node's path.
   */
  laneAdmit?(req: ProxiedRequest): boolean;
  /** Closes an app WebSocket (on either origin) when the login session that opened it ends (see AuthGate.tieToSession). */
  tieToSession?(req: IncomingMessage, end: () => void): (() => void) | null;
}

export interface PortOriginOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with these PEM credentials (use Hangar's own when it runs on TLS). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface PortOrigin {
  name: string;
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface AppProxy {
  /** Handles `/apps/<name>…` and stray requests of a proxied app; false when the request is not for an app. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Serves plain GET and HEAD requests for running apps straight off the server's connections, without
   * Node's HTTP machinery. A connection moves to the server's own handling (for good) at the first
   * request the lane does not take: anything else, Hangar's pages, uploads, upgrades.
   */
  attachFastLane(server: Server | HttpsServer, options: FastLaneOptions): FastLaneHandle;
  /** Same for WebSocket upgrades; false when the upgrade is not for an app. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Opens (or returns the already open) own listener of a `mode: port` app. */
  openPortOrigin(name: string, options?: PortOriginOptions): Promise<PortOrigin>;
  closePortOrigin(name: string): Promise<void>;
  portOrigin(name: string): PortOrigin | null;
  /** Stops the port origins, open upgraded sockets and pooled upstream connections. */
  close(): Promise<void>;
}

/** One request resolved to an app: where it goes upstream and under which public prefix it lives. */
export interface ForwardContext {
  target: ProxyTarget;
  /** `/apps/<name>` on Hangar's origin, '' on a port origin. */
  prefix: string;
  /** Path and query sent upstream. */
  upstreamPath: string;
  /** Cookie name prefix when the profile renames cookies, else null. */
  cookiePrefix: string | null;
  hangarCookies: ReadonlySet<string>;
  /** Hangar's own Authorization values (its bearer token) stay with Hangar. */
  isHangarAuthorization(value: string): boolean;
}

/** What of a request belongs to Hangar and never reaches an app. */
export interface HangarCredentials {
  cookies: ReadonlySet<string>;
  isAuthorization(value: string): boolean;
}
