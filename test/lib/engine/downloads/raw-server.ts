// Loopback TCP server for download-client tests: records each request head and answers with raw bytes.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface RawRequest {
  /** The request head as sent, up to and including the blank line. */
  head: string;
  /** Lower-cased header names to values. */
  headers: Record<string, string>;
  /** Resolves when the client's connection closed. */
  closed: Promise<void>;
}

/** Answers one request: write raw bytes to `socket`, end or destroy it. `index` counts requests from 0. */
export type RawHandler = (socket: net.Socket, request: RawRequest, index: number) => void;

export class RawServer {
  readonly requests: RawRequest[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  port = 0;

  constructor(
    private readonly handler: RawHandler,
    private readonly host = '127.0.0.1',
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  get origin(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, this.host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = text.slice(0, end + 4);
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const request = { head, headers, closed };
      this.requests.push(request);
      this.handler(socket, request, this.requests.length - 1);
    };
    socket.on('data', onData);
  }
}

export async function startRawServer(handler: RawHandler, host?: string): Promise<RawServer> {
  return new RawServer(handler, host).start();
}

/** Writes `pieces` one by one, each after the previous left and a short pause, so they reach the client apart. */
export async function writeApart(
  socket: net.Socket,
  pieces: (string | Buffer)[],
  gapMs = 15,
): Promise<void> {
  for (const piece of pieces) {
    if (socket.destroyed) return;
    await new Promise<void>((resolve) => socket.write(piece, () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

/** Rejects when `promise` takes longer than `ms` (a waited-for event that never came). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** For each test of the calling describe: a temp dir and at most one raw server, both gone after the test. */
export function rawServerPerTest(prefix: string): {
  readonly dir: string;
  serve: (handler: RawHandler, host?: string) => Promise<RawServer>;
} {
  let dir = '';
  let server: RawServer | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await server?.stop();
    server = null;
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    serve: async (handler, host) => (server = await startRawServer(handler, host)),
  };
}
