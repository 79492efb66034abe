// Types of the app reverse proxy: what it needs from the server and what it gives back.
import type { GateAddress } from '../../lib/http/app-dial';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { ProxyProfile } from '../../lib/shared/proxy-profile';
import type { Decision, Refused } from '../security/admission';
import type { Destination } from '../security/destination';

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
  /** The admission policy's destination for a request the lane would serve; null sends it the slow way. */
  admit(req: ProxiedRequest): Destination | null;
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
  /**
   * The address the app listens on when it runs on another host (a cluster node): an IP address or a name,
   * an IPv6 literal with or without brackets. Absent for an app on Hangar's own machine (127.0.0.1).
   */
  host?: string;
  /** The gate on that host that connections go through (the app listens on the host's loopback). */
  gate?: GateAddress;
  profile: ProxyProfile;
}

export interface AppProxyOptions {
  /** The running app of that name, or null when it is unknown or not running. */
  lookup: (name: string) => ProxyTarget | null;
  /** Whether an app of that name is installed: an unknown one answers 404 with a link to Discover. */
  isInstalled?: (name: string) => boolean;
  /** Hangar's page for the app, linked from the "not running" page. */
  dashboardUrl(name: string): string;
  /** Hangar's own cookies (its session, the per-app logins): never forwarded to an app, never set by one. */
  hangarCookies: CookieNames;
  /** True for an `Authorization` value carrying Hangar's own token: it is not forwarded to apps. */
  isHangarAuthorization?: (value: string) => boolean;
  /**
   * The admission policy for requests on an app's own port listener (`app`): Host, Origin and the app's login.
   * Without it (tests of the proxy alone) every request passes.
   */
  admitListener?(req: ProxiedRequest, door: 'request' | 'upgrade' | 'lane', app: string): Decision;
  /** Hangar's own paths on an app origin (the login hand-over, the probe): true when it answered. */
  serveOwnPath?(req: IncomingMessage, res: ServerResponse, to: Destination): boolean;
  /** Answers a request the policy refused on a port listener (a redirect to log in, 401, 403, 421…). */
  answerRefusal?(req: IncomingMessage, res: ServerResponse, refusal: Refused): void;
  /**
   * Where `/apps/<name>/<rest>` on Hangar's origin sends the browser when the app is served at the root of its own
   * origin (its subdomain, its name under the apps domain, or its port listener), login code included.
   */
  originLocation?(req: IncomingMessage, target: ProxyTarget, rest: string): Promise<string>;
  /** How long connecting to an app may take before its request fails as unreachable (default 10 s). */
  upstreamConnectTimeoutMs?: number;
  /** Closes an app WebSocket (on either origin) when the login session that opened it ends (see AuthGate.tieToSession). */
  tieToSession?: (req: IncomingMessage, end: () => void) => (() => void) | null;
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
  /**
   * Handles `/apps/<name>…` and stray requests on Hangar's origin: served in place for path-mode apps, redirected
   * to the app's own origin otherwise; false when the request is not for an app.
   */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Serves a request that arrived on an app's own origin (`<label>.localhost`, `<label>.<apps-domain>`) at its root. */
  serveOrigin(req: IncomingMessage, res: ServerResponse, name: string): void;
  /** Same for a WebSocket upgrade on an app's own origin. */
  upgradeOrigin(req: IncomingMessage, socket: Duplex, head: Buffer, name: string): void;
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
  /** The app whose port listener listens on this port, or null. */
  appOfPort(port: number): string | null;
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
  hangarCookies: CookieNames;
  /** Hangar's own Authorization values (its bearer token) stay with Hangar. */
  isHangarAuthorization(value: string): boolean;
}

/** Which cookie names are Hangar's own. */
export interface CookieNames {
  has(name: string): boolean;
  /** A substring every such name contains (lets the proxy skip parsing Cookie headers that hold none). */
  marker: string;
}

/** What of a request belongs to Hangar and never reaches an app. */
export interface HangarCredentials {
  cookies: CookieNames;
  isAuthorization: (value: string) => boolean;
}
