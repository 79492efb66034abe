// Keep-alive pool of raw TCP connections to the apps (LIFO per port, idle ones closed before the app's own timeout).
import net from 'node:net';

/** With the sweep, idle connections close after 3-4 s: below the 5 s keep-alive timeout of Node and uvicorn, so we rarely write to a connection the app is closing. */
const IDLE_MS = 3000;
const SWEEP_MS = 1000;
const MAX_IDLE_PER_PORT = 64;
const READ_SIZE = 64 * 1024;
/**
 * Reads land in one buffer shared by every upstream connection (libuv reads one socket at a time and the
 * callback copies the bytes out), so a small answer costs a small pooled copy instead of a fresh 64 KiB
 * buffer (measured: per-read buffers doubled the CPU per 1 KiB answer, mostly garbage collection).
 */
const SHARED_READ = Buffer.allocUnsafe(READ_SIZE);
/**
 * While a connection streams a big body (its reads fill half the shared buffer or more) it reads into
 * slabs that are recycled once the browser's socket has taken their bytes: no copy, and no fresh
 * memory per read. Fresh 64 KiB buffers made 1 MiB answers trigger major garbage collections (a quarter
 * of the proxy's CPU); slabs cut its CPU per 1 MiB answer from 577 to 387 µs, and 256 KiB beat 64 KiB-1 MiB.
 */
const SLAB_SIZE = 256 * 1024;
const MAX_SPARE_SLABS = 32;

interface Slab {
  buf: Buffer;
  /** Writes still holding the slab's bytes. */
  holds: number;
  /** The connection moved on to another slab; this one returns to the spares when its holds reach 0. */
  retired: boolean;
}

const spareSlabs: Slab[] = [];

function takeSlab(): Slab {
  return spareSlabs.pop() ?? { buf: Buffer.allocUnsafeSlow(SLAB_SIZE), holds: 0, retired: false };
}

function giveBack(slab: Slab): void {
  slab.retired = false;
  if (spareSlabs.length < MAX_SPARE_SLABS) spareSlabs.push(slab);
}

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
}

export interface Lease {
  socket: UpstreamSocket;
  /** Taken from the pool (it may have been closed by the app meanwhile). */
  reused: boolean;
}

const CLOSED = new Error('the app closed the connection');

export class UpstreamPool {
  private readonly idle = new Map<number, UpstreamSocket[]>();
  private readonly all = new Set<UpstreamSocket>();
  private closed = false;
  /** Closes connections idle longer than IDLE_MS (one timer for the pool, not one per connection and request). */
  private sweeper: NodeJS.Timeout | null = null;

  /** A pooled connection to 127.0.0.1:port, or a new one (connecting; writes are queued until it is up). */
  acquire(port: number): Lease {
    const list = this.idle.get(port);
    while (list !== undefined && list.length > 0) {
      const socket = list.pop()!;
      if (socket.destroyed || !socket.writable) continue;
      return { socket, reused: true };
    }
    // A user-supplied read buffer (onread) also skips the stream machinery: bytes go straight to the current request.
    let bulk = false;
    let slab: Slab | null = null;
    const socket = net.connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      onread: {
        buffer: () => (bulk ? (slab ??= takeSlab()).buf : SHARED_READ),
        callback: (bytes: number, buffer: Uint8Array) => {
          bulk = bytes >= READ_SIZE / 2;
          const handler = socket.handler;
          // Nothing may arrive on an idle connection; if it does, the stream is out of sync.
          if (handler === null) {
            socket.destroy();
            return false;
          }
          if (buffer === SHARED_READ) return handler.bytes(Buffer.from(SHARED_READ.subarray(0, bytes)), null);
          const current = slab!;
          const more = handler.bytes(current.buf.subarray(0, bytes), () => hold(current));
          if (current.holds > 0) {
            current.retired = true;
            slab = null;
          }
          return more;
        },
      },
    }) as UpstreamSocket;
    socket.handler = null;
    socket.idleSince = 0;
    this.all.add(socket);
    // An idle connection ending or failing is normal (the app restarted, or nobody needed it): drop it.
    socket.on('end', () => (socket.handler === null ? socket.destroy() : socket.handler.end()));
    socket.on('error', (error: Error) => (socket.handler === null ? socket.destroy() : socket.handler.fail(error)));
    socket.once('close', () => {
      socket.handler?.fail(CLOSED);
      socket.handler = null;
      if (slab !== null && slab.holds === 0) giveBack(slab);
      slab = null;
      this.all.delete(socket);
      this.forget(port, socket);
    });
    return { socket, reused: false };
  }

  /** Gives a connection back after a complete response; it is closed when it idles too long or the app hangs up. */
  release(port: number, socket: UpstreamSocket): void {
    socket.handler = null;
    if (this.closed || socket.destroyed) return void socket.destroy();
    let list = this.idle.get(port);
    if (list === undefined) {
      list = [];
      this.idle.set(port, list);
    }
    if (list.length >= MAX_IDLE_PER_PORT) return void socket.destroy();
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
    for (const [port, list] of this.idle) if (list.length === 0) this.idle.delete(port);
    if (this.idle.size === 0 && this.sweeper !== null) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private forget(port: number, socket: UpstreamSocket): void {
    const list = this.idle.get(port);
    if (list === undefined) return;
    const at = list.indexOf(socket);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.idle.delete(port);
  }
}

function hold(slab: Slab): () => void {
  slab.holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    slab.holds -= 1;
    if (slab.holds === 0 && slab.retired) giveBack(slab);
  };
}
