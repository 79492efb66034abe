// Composes the engine, auth, Next, Socket.IO and the app proxy on one HTTP(S) server, and tears them down in reverse.
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { Server as IoServer } from 'socket.io';
import { Engine, type AuditLog } from '../lib/engine';
import {
  admissionCredentials,
  AUTH_PATHS,
  createAppSessions,
  createAuthRoutes,
  readCookies,
  sessionCookieName,
  setupAuth,
  type AuthGate,
  type AuthGateOptions,
} from './auth';
import { createAdmission } from './security/admission';
import { appOfLabelAmong } from './security/destination';
import { createAppOrigins, type AppOrigins } from './app-origins';
import { answerRefusal } from './answer-refusal';
import { loadTls } from './security/tls';
import { diagnosticsRoute } from './diagnostics-download';
import { appIconsRoute } from './app-icons';
import { buildRpcTable } from './api/methods';
import { createApiEndpoint } from './api/endpoint';
import type { ServerConfig } from './config';
import { createRequestHandler } from './http-server';
import { createUpgradeHandler } from './upgrade';
import { createDisplayBridge } from './display-bridge';
import { createHostPolicy } from './security/host-check';
import { attachSockets } from './sockets';
import { createProxy } from './proxy-mount';
import type { AppProxy } from './proxy';
import type { NextUi } from './next-ui';
import { VERSION } from './version';

export interface HangarOptions {
  /** Serve the Next.js UI (false in API-only tests). */
  ui: boolean;
  /** Project directory holding the Next build. */
  dir: string;
  /** Session lifetime and login rate limits (tests shorten them). */
  auth?: Pick<AuthGateOptions, 'sessions' | 'rateLimit'>;
}

export interface RunningHangar {
  url: string;
  port: number;
  engine: Engine;
  /** True when every client must log in (bound beyond loopback, or --auth). */
  authRequired: boolean;
  /** The URL that logs a browser in (with the token unless it came from HANGAR_TOKEN). */
  loginUrl: string;
  gate: AuthGate;
  audit: AuditLog;
  proxy: AppProxy;
  close(): Promise<void>;
}

export async function startHangar(
  config: ServerConfig,
  options: HangarOptions,
): Promise<RunningHangar> {
  const engine = await Engine.create({
    home: config.home,
    version: VERSION,
    catalogDir: path.join(options.dir, 'catalog'),
  });
  const teardown: Array<() => Promise<void> | void> = [() => engine.dispose()];
  try {
    const hostPolicy = createHostPolicy({
      bindHost: config.host,
      allowHosts: config.allowHosts,
      liveHosts: () => engine.settings.value.allowHosts,
      appsDomain: config.appsDomain ?? null,
    });
    const tls = await loadTls(config, engine);
    const auth = await setupAuth(config, engine, { ...options.auth, secure: tls !== null });
    teardown.push(() => auth.audit.flush());
    const appSessions = createAppSessions({
      secure: tls !== null,
      parentAlive: (id) => auth.gate.sessions.touch(id),
    });
    let port = config.port;
    const portTls = tls ? { cert: tls.cert, key: tls.key } : undefined;
    let origins: AppOrigins | null = null;
    const proxy = createProxy(engine, {
      gate: auth.gate,
      admitListener: (req, door, app) => admission.admit(req, door, app),
      portOrigins: { host: config.host, tls: portTls },
      originLocation: (req, target, rest) => origins!.location(req, target, rest),
      answerRefusal: (req, res, refusal) => answerRefusal(req, res, refusal, origins),
      serveOwnPath: (req, res, to) => origins!.serveOwnPath(req, res, to),
      tieAppLogin: (req, end) => {
        const parent = appSessions.parentOf(req.headers.cookie);
        return parent === null ? null : auth.gate.sessions.tie(parent, end);
      },
    });
    teardown.push(() => proxy.close());
    const admission = createAdmission({
      hostPolicy,
      appsDomain: config.appsDomain ?? null,
      appOfLabel: (label) => appOfLabelAmong(engine.apps.names(), label),
      appOfPort: (listenerPort) => proxy.appOfPort(listenerPort),
      hangarPort: () => port,
      credentials: admissionCredentials(auth.gate, appSessions),
      publicPaths: AUTH_PATHS,
    });
    origins = createAppOrigins({
      appsDomain: config.appsDomain ?? null,
      listenHost: config.host,
      tls: portTls,
      proxy,
      appSessions,
      loginRequired: auth.gate.required,
      sessionOf: (req) => {
        const ids = readCookies(req.headers.cookie, sessionCookieName(tls !== null));
        return ids.length === 1 ? ids[0]! : null;
      },
      lookup: (name) => {
        const target = engine.apps.proxyTarget(name);
        return target ? { name, ...target } : null;
      },
      hangarPort: () => port,
    });
    let ui: NextUi | null = null;
    if (options.ui) {
      const { createNextUi } = await import('./next-ui');
      ui = await createNextUi({
        dev: config.dev,
        dir: options.dir,
        hostname: config.host,
        port: config.port,
      });
      const nextUi = ui;
      teardown.push(() => nextUi.close());
    }
    const authRoutes = createAuthRoutes(auth.gate, auth.audit);
    const handler = createRequestHandler({
      admission,
      authRoutes,
      proxy,
      origins,
      api: createApiEndpoint(buildRpcTable(engine, { gate: auth.gate, audit: auth.audit })),
      files: [diagnosticsRoute(engine.diagnosis), appIconsRoute(engine.apps)],
      ui: ui ? ui.handle : null,
    });
    const displays = createDisplayBridge(engine);
    teardown.push(() => displays.close());
    const serverOptions = { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 };
    const server: Server | HttpsServer = tls
      ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler)
      : createServer(serverOptions, handler);
    server.on(
      'upgrade',
      createUpgradeHandler({
        admission,
        proxy,
        displays,
        nextHmr: ui && config.dev ? ui.upgrade : null,
      }),
    );
    server.on('clientError', (_error, socket) => socket.destroy());
    // App GETs skip Node's HTTP machinery when the admission policy lets them through on a session alone.
    const lane = proxy.attachFastLane(server, {
      keepAliveMs: serverOptions.keepAliveTimeout,
      headersTimeoutMs: serverOptions.headersTimeout,
      admit: (req) => {
        const decision = admission.admit(req, 'lane');
        return decision.ok ? decision.to : null;
      },
    });
    const sockets = trackSockets(server);
    const io = attachSockets(server, engine, admission, auth.gate);
    await listen(server, config.port, config.host);
    teardown.push(() => closeServer(server, sockets, () => lane.closeIdle()));
    teardown.push(() => closeIo(io));
    port = (server.address() as AddressInfo).port;
    engine.diagnosis.setServer({ host: config.host, port, auth: auth.gate.required });
    const displayHost = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `${tls ? 'https' : 'http'}://${displayHost === '0.0.0.0' || displayHost === '[::]' ? '127.0.0.1' : displayHost}:${port}`;
    return {
      url,
      port,
      engine,
      authRequired: auth.gate.required,
      loginUrl: auth.loginUrl(url),
      gate: auth.gate,
      audit: auth.audit,
      proxy,
      close: () => runTeardown(teardown),
    };
  } catch (error) {
    await runTeardown(teardown);
    throw error;
  }
}

async function runTeardown(steps: Array<() => Promise<void> | void>): Promise<void> {
  while (steps.length > 0) {
    const step = steps.pop()!;
    try {
      await step();
    } catch (error) {
      console.error('[shutdown] a teardown step failed:', error);
    }
  }
}

function listen(server: Server | HttpsServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function trackSockets(server: Server | HttpsServer): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Stops accepting, ends idle connections at once and every other one (upgraded ones too) after a grace period. */
function closeServer(
  server: Server | HttpsServer,
  sockets: Set<Socket>,
  closeIdleLane: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, 1500);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
    closeIdleLane();
  });
}

/** Disconnects every client; the HTTP server itself is closed by closeServer (io.close would wait on it). */
function closeIo(io: IoServer): void {
  io.disconnectSockets(true);
  io.engine.close();
}
