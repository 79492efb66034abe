// Per-app port origins (`mode: port`): one listener per app on the same host, forwarding everything at its root.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type {
  AppProxyOptions,
  ForwardContext,
  HangarCredentials,
  PortOrigin,
  PortOriginOptions,
  ProxiedRequest,
} from './types';
import type { Decision } from '../security/admission';
import type { Destination } from '../security/destination';
import type { LaneRequest } from './lane-request';
import { forwardContext } from './context';
import { forwardHttp, type ForwardHooks } from './forward-http';
import { forwardUpgrade, type Tunnels } from './forward-upgrade';
import { refuseUpgrade, sendUnavailable } from './unavailable';
import { ProxyError } from './proxy-error';
import type { UpstreamPool } from './upstream-pool';
import { attachFastLane, type FastLane } from './fast-lane';

/** How long a port origin's connection may idle between requests (Node's path and the fast lane alike). */
const KEEP_ALIVE_MS = 30_000;

interface Entry {
  origin: PortOrigin;
  server: http.Server | https.Server;
  connections: Set<Socket>;
  lane: FastLane;
}

export interface PortOrigins {
  open(name: string, options?: PortOriginOptions): Promise<PortOrigin>;
  close(name: string): Promise<void>;
  get(name: string): PortOrigin | null;
  appOfPort(port: number): string | null;
  closeAll(): Promise<void>;
}

export function createPortOrigins(
  options: AppProxyOptions,
  pool: UpstreamPool,
  hangar: HangarCredentials,
  tunnels: Tunnels,
  hooks: ForwardHooks,
): PortOrigins {
  const entries = new Map<string, Entry>();
  const opening = new Map<string, Promise<PortOrigin>>();
  const admit = (
    req: ProxiedRequest,
    door: 'request' | 'upgrade' | 'lane',
    name: string,
  ): Decision =>
    options.admitListener?.(req, door, name) ?? {
      ok: true,
      to: { kind: 'app', name, flavour: 'port' },
      via: 'open',
    };

  function onRequest(name: string, req: IncomingMessage, res: ServerResponse): void {
    const decision = admit(req, 'request', name);
    if (!decision.ok) {
      if (options.answerRefusal) return options.answerRefusal(req, res, decision);
      res.writeHead(decision.status, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(decision.message);
      return;
    }
    if (options.serveOwnPath?.(req, res, decision.to)) return;
    const target = options.lookup(name);
    if (target === null) {
      return sendUnavailable(req, res, {
        name,
        reason: 'not-running',
        dashboard: options.dashboardUrl(name),
      });
    }
    forwardHttp(req, res, forwardContext(target, '', req.url ?? '/', hangar), pool, hooks);
  }

  function onUpgrade(name: string, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const decision = admit(req, 'upgrade', name);
    if (!decision.ok) return refuseUpgrade(socket, decision.status, decision.message);
    const target = options.lookup(name);
    if (target === null) return refuseUpgrade(socket, 502, 'Bad Gateway: the app is not running');
    forwardUpgrade(req, socket, head, forwardContext(target, '', req.url ?? '/', hangar), tunnels);
  }

  /** The app at the root of its own port, while it runs; else Node's path answers (the "not running" page). */
  function laneRoute(name: string): (req: LaneRequest, to: Destination) => ForwardContext | null {
    return (req) => {
      const target = options.lookup(name);
      return target === null ? null : forwardContext(target, '', req.url, hangar);
    };
  }

  async function start(name: string, opts: PortOriginOptions): Promise<PortOrigin> {
    const host = opts.host ?? '127.0.0.1';
    // No request or header deadline: uploads and generations may take minutes.
    const serverOptions = { requestTimeout: 0, keepAliveTimeout: KEEP_ALIVE_MS };
    const handler = (req: IncomingMessage, res: ServerResponse): void => onRequest(name, req, res);
    const server = opts.tls
      ? https.createServer({ ...serverOptions, ...opts.tls }, handler)
      : http.createServer(serverOptions, handler);
    // The lane first: it takes over Node's connection listener, and the tracking below still hears every connection.
    const laneAdmit = (req: ProxiedRequest): Destination | null => {
      const decision = admit(req, 'lane', name);
      return decision.ok ? decision.to : null;
    };
    const lane = attachFastLane(
      server,
      { admit: laneAdmit, keepAliveMs: KEEP_ALIVE_MS },
      laneRoute(name),
      pool,
    );
    const connections = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
    });
    server.on('upgrade', (req, socket, head) => onUpgrade(name, req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new ProxyError('port_in_use', `cannot open a port for ${name}: ${error.message}`, error),
        ),
      );
      server.listen(opts.port ?? 0, host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const origin: PortOrigin = { name, host, port, protocol: opts.tls ? 'https' : 'http' };
    entries.set(name, { origin, server, connections, lane });
    return origin;
  }

  async function close(name: string): Promise<void> {
    await opening.get(name)?.catch(() => null);
    const entry = entries.get(name);
    if (!entry) return;
    entries.delete(name);
    const closed = new Promise<void>((resolve) => entry.server.close(() => resolve()));
    entry.lane.close();
    for (const socket of entry.connections) socket.destroy();
    await closed;
  }

  return {
    async open(name, opts = {}) {
      const existing = entries.get(name);
      if (existing) return existing.origin;
      const pending = opening.get(name);
      if (pending) return pending;
      const promise = start(name, opts).finally(() => opening.delete(name));
      opening.set(name, promise);
      return promise;
    },
    close,
    get: (name) => entries.get(name)?.origin ?? null,
    appOfPort(port) {
      for (const entry of entries.values())
        if (entry.origin.port === port) return entry.origin.name;
      return null;
    },
    async closeAll() {
      await Promise.all([...entries.keys(), ...opening.keys()].map((name) => close(name)));
    },
  };
}
