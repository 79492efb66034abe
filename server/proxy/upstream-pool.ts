// Keep-alive pool of raw TCP connections to the apps (LIFO per port, idle ones closed before the app's own timeout).
import net from 'node:net';

/** Below the 5 s keep-alive timeout of Node and uvicorn, so we rarely write to a connection the app is closing. */
const IDLE_MS = 4000;
const MAX_IDLE_PER_PORT = 64;
const READ_SIZE = 64 * 1024;
/**
 * Reads land in one buffer shared by every upstream connection (libuv reads one socket at a time and the
 * callback copies the bytes out), so a small answer costs a small pooled copy instead of a fresh 64 KiB
 * buffer (measured: per-read buffers doubled the CPU per 1 KiB answer, mostly garbage collection).
 * While a connection streams a big body (its reads fill half a buffer or more) it reads into fresh
 * buffers instead, handed on without a copy (measured: copying cost about 20% more per 1 MiB answer).
 */
const SHARED_READ = Buffer.allocUnsafe(READ_SIZE);

/** A raw connection whose bytes go to `onBytes` (return false to stop reading until `resume()`). */
export interface UpstreamSocket extends net.Socket {
  onBytes: ((chunk: Buffer) => boolean) | null;
}

export interface Lease {
  socket: UpstreamSocket;
  /** Taken from the pool (it may have been closed by the app meanwhile). */
  reused: boolean;
}

export class UpstreamPool {
  private readonly idle = new Map<number, UpstreamSocket[]>();
  private readonly all = new Set<UpstreamSocket>();
  private closed = false;

  /** A pooled connection to 127.0.0.1:port, or a new one (connecting; writes are queued until it is up). */
  acquire(port: number): Lease {
    const list = this.idle.get(port);
    while (list !== undefined && list.length > 0) {
      const socket = list.pop()!;
      if (socket.destroyed || !socket.writable) continue;
      socket.removeListener('error', onIdleTrouble);
      socket.setTimeout(0);
      return { socket, reused: true };
    }
    // A user-supplied read buffer (onread) also skips the stream machinery: bytes go straight to the current request.
    let bulk = false;
    const socket = net.connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      onread: {
        buffer: () => (bulk ? Buffer.allocUnsafe(READ_SIZE) : SHARED_READ),
        callback: (bytes: number, buffer: Uint8Array) => {
          bulk = bytes >= READ_SIZE / 2;
          const sink = socket.onBytes;
          // Nothing may arrive on an idle connection; if it does, the stream is out of sync.
          if (sink === null) {
            socket.destroy();
            return false;
          }
          return sink(buffer === SHARED_READ ? Buffer.from(SHARED_READ.subarray(0, bytes)) : (buffer as Buffer).subarray(0, bytes));
        },
      },
    }) as UpstreamSocket;
    socket.onBytes = null;
    this.all.add(socket);
    socket.on('timeout', onIdleTrouble);
    socket.once('close', () => {
      this.all.delete(socket);
      this.forget(port, socket);
    });
    return { socket, reused: false };
  }

  /** Gives a connection back after a complete response; it is closed when it idles too long or the app hangs up. */
  release(port: number, socket: UpstreamSocket): void {
    socket.onBytes = null;
    if (this.closed || socket.destroyed) return void socket.destroy();
    let list = this.idle.get(port);
    if (list === undefined) {
      list = [];
      this.idle.set(port, list);
    }
    if (list.length >= MAX_IDLE_PER_PORT) return void socket.destroy();
    socket.on('error', onIdleTrouble);
    socket.setTimeout(IDLE_MS);
    list.push(socket);
  }

  /** Closes every connection, idle or busy. */
  destroy(): void {
    this.closed = true;
    for (const socket of this.all) socket.destroy();
    this.all.clear();
    this.idle.clear();
  }

  private forget(port: number, socket: UpstreamSocket): void {
    const list = this.idle.get(port);
    if (list === undefined) return;
    const at = list.indexOf(socket);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.idle.delete(port);
  }
}

/** An idle connection failing or idling out is normal (the app restarted, or nobody needed it): drop it. */
function onIdleTrouble(this: net.Socket): void {
  this.destroy();
}
