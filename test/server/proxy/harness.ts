// Test harness: a bare http server mounting the app proxy, an app registry, and a raw HTTP client.
import type { GateAddress } from '../../../lib/http/app-dial';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import {
  createAppProxy,
  type AppProxy,
  type ProxiedRequest,
  type ProxyTarget,
} from '../../../server/proxy';
import { createAdmission, type Admission } from '../../../server/security/admission';
import { appOfLabelAmong, type Destination } from '../../../server/security/destination';
import { createHostPolicy } from '../../../server/security/host-check';
import { parseProxyProfile, type ProxyProfileInput } from '../../../lib/shared/proxy-profile';
import { type TlsCredentials } from '../../helpers/self-signed-cert';

export { selfSignedCert, type TlsCredentials } from '../../helpers/self-signed-cert';

export const HANGAR_COOKIE = 'hangar_session';
export const HANGAR_COOKIES = {
  has: (name: string) => name === HANGAR_COOKIE,
  marker: HANGAR_COOKIE,
};

export interface Front {
  url: string;
  port: number;
  proxy: AppProxy;
  /**
   * Registers (or replaces) a running app; `host` when it listens on another address than 127.0.0.1, `gate` when
   * it is reached through a gate on that host.
   */
  register(
    name: string,
    port: number,
    profile?: ProxyProfileInput,
    host?: string,
    gate?: GateAddress,
  ): void;
  unregister(name: string): void;
  /** Requests the proxy declined (they would go to Next). */
  fallthrough: string[];
  close(): Promise<void>;
}

/** Starts a front server on 127.0.0.1:0 that gives every request to the proxy first, like Hangar's dispatcher. */
export interface FrontOptions {
  /** Port origins' gate, asked by Node's path and (as Hangar's session check) by the fast lane. */
  authorize?: (req: { headers: http.IncomingHttpHeaders }) => boolean;
  /** Serve app GET/HEAD requests through the fast lane, on the main origin and port origins (default true). */
  fastLane?: boolean;
  keepAliveMs?: number;
  /** How long the fast lane waits for a request head to arrive whole. */
  headersTimeoutMs?: number;
  /** How long connecting to an app may take (the proxy's default when absent). */
  connectTimeoutMs?: number;
  /** Serve HTTPS with this certificate (see `selfSignedCert`). */
  tls?: TlsCredentials;
  /**
   * Route as Hangar does by default: the real admission policy (no login) sends `<name>.localhost` to the app at
   * the root of its own origin; registered apps then default to origin mode.
   */
  originRouting?: boolean;
}

/** The real admission policy on loopback without login, for a front that routes apps by Host. */
function openAdmission(apps: Map<string, ProxyTarget>, hangarPort: () => number): Admission {
  return createAdmission({
    hostPolicy: createHostPolicy({ bindHost: '127.0.0.1', allowHosts: [] }),
    appsDomain: null,
    appOfLabel: (label) => appOfLabelAmong(apps.keys(), label),
    appOfPort: () => null,
    hangarPort,
    credentials: {
      required: false,
      check: () => ({ ok: false, reason: 'missing' }),
      hasSession: () => false,
      checkBearer: () => null,
      holdsAppLogin: () => false,
    },
    publicPaths: [],
  });
}

export async function startFront(options: FrontOptions = {}): Promise<Front> {
  const apps = new Map<string, ProxyTarget>();
  let port = 0;
  const fallthrough: string[] = [];
  const proxy = createAppProxy({
    lookup: (name) => apps.get(name) ?? null,
    dashboardUrl: (name) => `/manage/${name}`,
    hangarCookies: HANGAR_COOKIES,
    upstreamConnectTimeoutMs: options.connectTimeoutMs,
    // As Hangar does for a browser that reaches it by address: an own-origin app is at its open port listener.
    originLocation: async (req, target, rest) => {
      const origin = proxy.portOrigin(target.name);
      if (origin === null) throw new Error(`the port origin of ${target.name} is closed`);
      return `${origin.protocol}://127.0.0.1:${origin.port}${rest}`;
    },
    // Stands in for the admission policy on port listeners: the authorize hook, and the lane only when enabled.
    admitListener: (req, door, app) => {
      if ((options.authorize?.(req) ?? true) && !(door === 'lane' && options.fastLane === false))
        return { ok: true, to: { kind: 'app', name: app, flavour: 'port' }, via: 'open' };
      return { ok: false, status: 401, code: 'login', message: 'Unauthorized', to: null };
    },
  });
  const admission = options.originRouting ? openAdmission(apps, () => port) : null;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const decision = admission?.admit(req, 'request');
    if (decision?.ok && decision.to.kind === 'app')
      return proxy.serveOrigin(req, res, decision.to.name);
    if (proxy.handleRequest(req, res)) return;
    fallthrough.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'hangar' });
    res.end('hangar');
  };
  const server = options.tls
    ? https.createServer({ requestTimeout: 0, ...options.tls }, handler)
    : http.createServer({ requestTimeout: 0 }, handler);
  const laneAdmit = (req: ProxiedRequest): Destination | null => {
    if (admission === null) return { kind: 'hangar' };
    const decision = admission.admit(req, 'lane');
    return decision.ok ? decision.to : null;
  };
  if (options.fastLane !== false)
    proxy.attachFastLane(server, {
      admit: laneAdmit,
      keepAliveMs: options.keepAliveMs ?? 5000,
      headersTimeoutMs: options.headersTimeoutMs,
    });
  server.on('upgrade', (req, socket, head) => {
    if (proxy.handleUpgrade(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    proxy,
    fallthrough,
    register(name, appPort, profile = {}, host, gate) {
      // The front serves apps in place under /apps/<name>/ (path mode) unless the profile says otherwise.
      apps.set(name, {
        name,
        port: appPort,
        profile: parseProxyProfile({ mode: options.originRouting ? 'origin' : 'path', ...profile }),
        ...(host === undefined ? {} : { host }),
        ...(gate === undefined ? {} : { gate }),
      });
    },
    unregister: (name) => void apps.delete(name),
    async close() {
      await proxy.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request without redirects or cookie jars, so tests see exactly what the proxy sent. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // The path goes out exactly as written (a URL object would normalise `..` and `%2e%2e` away).
    const match = /^http:\/\/([^/:]+):(\d+)(\/.*)$/.exec(url);
    if (!match) throw new Error(`not a loopback URL: ${url}`);
    const target = { host: match[1], port: Number(match[2]), path: match[3] };
    const req = http.request(
      { ...target, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A port nothing listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
