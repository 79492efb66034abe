// Composes the engine, Next, Socket.IO and the app proxy on one HTTP server, and tears them down in reverse.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { Server as IoServer } from 'socket.io';
import { Engine } from '../lib/engine';
import { buildRpcTable } from './api/methods';
import { createApiEndpoint } from './api/endpoint';
import type { ServerConfig } from './config';
import { createRequestHandler } from './http-server';
import { createUpgradeHandler } from './upgrade';
import { createHostPolicy } from './security/host-check';
import { attachSockets } from './sockets';
import { createProxy } from './proxy-mount';
import type { NextUi } from './next-ui';
import { VERSION } from './version';

export interface HangarOptions {
  /** Serve the Next.js UI (false in API-only tests). */
  ui: boolean;
  /** Project directory holding the Next build. */
  dir: string;
}

export interface RunningHangar {
  url: string;
  port: number;
  engine: Engine;
  close(): Promise<void>;
}

export async function startHangar(config: ServerConfig, options: HangarOptions): Promise<RunningHangar> {
  const engine = await Engine.create({ home: config.home, version: VERSION, catalogDir: path.join(options.dir, 'catalog') });
  const teardown: Array<() => Promise<void> | void> = [() => engine.dispose()];
  try {
    const hostPolicy = createHostPolicy({ bindHost: config.host, allowHosts: [...config.allowHosts, ...engine.config.allowHosts] });
    const proxy = createProxy(engine);
    teardown.push(() => proxy.close());
    let ui: NextUi | null = null;
    if (options.ui) {
      const { createNextUi } = await import('./next-ui');
      ui = await createNextUi({ dev: config.dev, dir: options.dir, hostname: config.host, port: config.port });
      const nextUi = ui;
      teardown.push(() => nextUi.close());
    }
    const server = createServer(
      { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 },
      createRequestHandler({ hostPolicy, proxy, api: createApiEndpoint(buildRpcTable(engine)), ui: ui ? ui.handle : null }),
    );
    server.on('upgrade', createUpgradeHandler({ hostPolicy, proxy, nextHmr: ui && config.dev ? ui.upgrade : null }));
    server.on('clientError', (_error, socket) => socket.destroy());
    const sockets = trackSockets(server);
    const io = attachSockets(server, engine, hostPolicy);
    await listen(server, config.port, config.host);
    teardown.push(() => closeServer(server, sockets));
    teardown.push(() => closeIo(io));
    const port = (server.address() as AddressInfo).port;
    const displayHost = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { url: `http://${displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost}:${port}`, port, engine, close: () => runTeardown(teardown) };
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Stops accepting, ends idle connections at once and every other one (upgraded ones too) after a grace period. */
function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, 1500);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Disconnects every client; the HTTP server itself is closed by closeServer (io.close would wait on it). */
function closeIo(io: IoServer): void {
  io.disconnectSockets(true);
  io.engine.close();
}
