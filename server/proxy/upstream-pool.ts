// Keep-alive pool of raw TCP connections to the apps (LIFO per host and port, idle ones closed before the app's own timeout).
import net from 'node:net';
import { SlabReader, type Slab } from '../../lib/http/slab-reader';
import { dialApp, dialHost, type AppAddress } from '../../lib/http/app-dial';
import { CONNECT_TIMEOUT_MS, limitConnect, upstreamLabel } from './upstream-address';

/** With the sweep, idle connections close after 3-4 s: below the 5 s keep-alive timeout of Node and uvicorn, so we rarely write to a connection the app is closing. */
const IDLE_MS = 3000;
const SWEEP_MS = 1000;
const MAX_IDLE_PER_UPSTREAM = 64;
const READ_SIZE = 64 * 1024;
/**
 * Reads land in one buffer shared by every upstream connection (libuv reads one socket at a time and the
 * callback copies the bytes out), so a small answer costs a small pooled copy instead of a fresh 64 KiB
 * buffer (measured: per-read buffers doubled the CPU per 1 KiB answer, mostly garbage collection).
 */
const SHARED_READ = Buffer.allocUnsafe(READ_SIZE);
/**
 * While a connection streams a big body (its reads fill half the shared buffer or more) it reads into
 * recycled slabs (the engine's SlabReader): a slab's bytes stay valid while a browser write holds them.
 * No copy, and no fresh memory per read. Fresh 64 KiB buffers made 1 MiB answers trigger major garbage
 * collections (a quarter of the proxy's CPU); slabs cut its CPU per 1 MiB answer from 577 to 387 µs, and
 * 256 KiB beat 64 KiB-1 MiB.
 */
const SLAB_READS = { slabSize: 256 * 1024, maxRead: 256 * 1024 };

/**
 * Offered with bytes that live in a recycled slab: call it to keep them past the callback, and call the
 * function it returns once they are no longer needed (for example from a socket write's callback).
 * Bytes offered without it are the sink's to keep.
 */
export type Keep = () => () => void;

/** What the request using a connection hears from it. */
export interface UpstreamHandler {
  /** Bytes from the app; return false to stop reading until `socket.resume()`. */
  bytes(chunk: Buffer, keep: Keep | null): boolean;
  /** The app ended its side of the connection. */
  end(): void;
  /** The connection failed or closed. */
  fail(error: Error): void;
}

/**
 * A raw connection. Its listeners are installed once and call the current `handler`: a request sets
 * it instead of adding and removing listeners (that churn cost a few µs per proxied request).
 */
export interface UpstreamSocket extends net.Socket {
  handler: UpstreamHandler | null;
  /** When it went idle in the pool (ms since the epoch). */
  idleSince: number;
  /** The upstream it is connected to (host and port): it only ever carries requests for that one. */
  upstream: string;
}

export interface Lease {
  socket: UpstreamSocket;
  /** Taken from the pool (it may have been closed by the app meanwhile). */
  reused: boolean;
}

export class UpstreamPool {
  /** Idle connections by upstream: two apps on two hosts with the same port never share one. */
  private readonly idle = new Map<string, UpstreamSocket[]>();
  private readonly all = new Set<UpstreamSocket>();
  private closed = false;
  /** Closes connections idle longer than IDLE_MS (one timer for the pool, not one per connection and request). */
  private sweeper: NodeJS.Timeout | null = null;
  private readonly connectTimeoutMs: number;

  /** `connectTimeoutMs`: how long a new connection may take to connect before it fails (default 10 s). */
  constructor(options: { connectTimeoutMs?: number } = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  }

  /**
   * A pooled connection to the app at `address`, or a new one (connecting; writes are queued until it is up).
   * A gated connection carries one app port: the gate's preface named it.
   */
  acquire(address: AppAddress): Lease {
    const upstream = `${dialHost(address)} ${address.gate?.port ?? '-'} ${address.port}`;
    const list = this.idle.get(upstream);
    while (list !== undefined && list.length > 0) {
      const socket = list.pop()!;
      if (socket.destroyed || !socket.writable) continue;
      return { socket, reused: true };
    }
    // A user-supplied read buffer (onread) also skips the stream machinery: bytes go straight to the current request.
    let bulk = false;
    const slabs = new SlabReader(SLAB_READS);
    const socket = dialApp(address, {
      noDelay: true,
      onread: {
        buffer: () => (bulk ? slabs.region() : SHARED_READ),
        callback: (bytes: number, buffer: Uint8Array) => {
          bulk = bytes >= READ_SIZE / 2;
          const handler = socket.handler;
          // Nothing may arrive on an idle connection; if it does, the stream is out of sync.
          if (handler === null) {
            socket.destroy();
            return false;
          }
          if (buffer === SHARED_READ)
            return handler.bytes(Buffer.from(SHARED_READ.subarray(0, bytes)), null);
          const slab = slabs.landed(bytes);
          return handler.bytes((buffer as Buffer).subarray(0, bytes), () => hold(slab));
        },
      },
    }) as UpstreamSocket;
    socket.handler = null;
    socket.idleSince = 0;
    socket.upstream = upstream;
    limitConnect(socket, this.connectTimeoutMs, upstreamLabel(address));
    this.all.add(socket);
    // An idle connection ending or failing is normal (the app restarted, or nobody needed it): drop it.
    socket.on('end', () => (socket.handler === null ? socket.destroy() : socket.handler.end()));
    socket.on('error', (error: Error) =>
      socket.handler === null ? socket.destroy() : socket.handler.fail(error),
    );
    socket.once('close', () => {
      socket.handler?.fail(new Error('the app closed the connection'));
      socket.handler = null;
      slabs.close();
      this.all.delete(socket);
      this.forget(socket);
    });
    return { socket, reused: false };
  }

  /** Gives a connection back after a complete response; it is closed when it idles too long or the app hangs up. */
  release(socket: UpstreamSocket): void {
    socket.handler = null;
    if (this.closed || socket.destroyed) return void socket.destroy();
    let list = this.idle.get(socket.upstream);
    if (list === undefined) {
      list = [];
      this.idle.set(socket.upstream, list);
    }
    if (list.length >= MAX_IDLE_PER_UPSTREAM) return void socket.destroy();
    socket.idleSince = Date.now();
    list.push(socket);
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
  }

  /** Closes every connection, idle or busy. */
  destroy(): void {
    this.closed = true;
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const socket of this.all) socket.destroy();
    this.all.clear();
    this.idle.clear();
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const list of this.idle.values()) {
      // LIFO: the oldest idle connections sit at the start of each list.
      while (list.length > 0 && list[0]!.idleSince <= cutoff) list.shift()!.destroy();
    }
    for (const [upstream, list] of this.idle) if (list.length === 0) this.idle.delete(upstream);
    if (this.idle.size === 0 && this.sweeper !== null) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private forget(socket: UpstreamSocket): void {
    const list = this.idle.get(socket.upstream);
    if (list === undefined) return;
    const at = list.indexOf(socket);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.idle.delete(socket.upstream);
  }
}

/** Holds a slab's bytes for one write; the returned function lets them go (once, however often it is called). */
function hold(slab: Slab): () => void {
  slab.hold();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    slab.release();
  };
}
