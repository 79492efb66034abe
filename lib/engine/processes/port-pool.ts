// Reserves TCP ports from a range for apps; a port stays held by its owner until released.
import net from 'node:net';
import getPort, { portNumbers } from 'get-port';
import { EngineError } from '../errors';
import { findPortOwner } from './port-owner';

export interface PortPoolOptions {
  from?: number;
  to?: number;
  host?: string;
}

export class PortPool {
  private readonly held = new Map<number, string>();
  private queue: Promise<unknown> = Promise.resolve();
  readonly from: number;
  readonly to: number;
  private readonly host: string;

  constructor(options: PortPoolOptions = {}) {
    this.from = options.from ?? 42003;
    this.to = options.to ?? 42999;
    this.host = options.host ?? '127.0.0.1';
  }

  /** A free port of the range, held for `owner` (an app or run id). Concurrent calls never share a port. */
  reserve(owner: string): Promise<number> {
    const next = this.queue.then(async () => {
      const port = await getPort({
        port: portNumbers(this.from, this.to),
        exclude: [...this.held.keys()],
        host: this.host,
      });
      if (port < this.from || port > this.to || this.held.has(port)) {
        throw new EngineError('port_in_use', `No free port left in ${this.from}-${this.to}.`, {
          details: { from: this.from, to: this.to },
        });
      }
      this.held.set(port, owner);
      return port;
    });
    // The caller sees the rejection; the queue itself must keep going.
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Holds a specific port (a launcher's hard-coded one); fails with the pid of a foreign listener. */
  async claim(port: number, owner: string): Promise<number> {
    const holder = this.held.get(port);
    if (holder !== undefined && holder !== owner) {
      throw new EngineError('port_in_use', `Port ${port} is held by ${holder}.`, {
        details: { port, holder },
      });
    }
    await assertPortFree(port, this.host);
    this.held.set(port, owner);
    return port;
  }

  /** Releases every port held by `owner`; returns them. */
  release(owner: string): number[] {
    const freed: number[] = [];
    for (const [port, holder] of this.held) {
      if (holder === owner) {
        this.held.delete(port);
        freed.push(port);
      }
    }
    return freed;
  }

  releasePort(port: number): void {
    this.held.delete(port);
  }

  /** Ports currently held, with their owners. */
  list(): Array<{ port: number; owner: string }> {
    return [...this.held].map(([port, owner]) => ({ port, owner }));
  }
}

/** Throws `port_in_use` (with the listening pid when visible) if something already listens on the port. */
export async function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (free) return;
  const owner = await findPortOwner(port);
  const who = owner
    ? ` by pid ${owner.pid}${owner.command ? ` (${owner.command})` : ''}`
    : ' by another process';
  throw new EngineError('port_in_use', `Port ${port} is already in use${who}.`, {
    details: { port, pid: owner?.pid ?? null, command: owner?.command ?? null },
  });
}
