// The one file that knows Next.js: prepares the app and exposes its request and HMR upgrade handlers.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import next from 'next';

export interface NextUi {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Dev-only HMR upgrades (`/_next/*`). */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  close(): Promise<void>;
}

export async function createNextUi(options: {
  dev: boolean;
  dir: string;
  hostname: string;
  port: number;
}): Promise<NextUi> {
  // Next adds an `upgrade` listener to the server it is given; a private emitter lets only /_next/* reach it,
  // so Next can never end a proxied app's or Socket.IO's WebSocket.
  const upgrades = new EventEmitter();
  const app = next({
    dev: options.dev,
    dir: options.dir,
    hostname: options.hostname,
    port: options.port,
    httpServer: upgrades as never,
  });
  await app.prepare();
  const handler = app.getRequestHandler();
  return {
    handle: (req, res) => handler(req, res),
    upgrade: (req, socket, head) => void upgrades.emit('upgrade', req, socket, head),
    close: () => app.close(),
  };
}
