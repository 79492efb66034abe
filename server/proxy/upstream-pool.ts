// Keep-alive pool of raw TCP connections to the apps (LIFO per port, idle ones closed before the app's own timeout).
import net from 'node:net';

/** Below the 5 s keep-alive timeout of Node and uvicorn, so we rarely write to a connection the app is closing. */
const IDLE_MS = 4000;
const MAX_IDLE_PER_PORT = 64;

export interface Lease {
  socket: net.Socket;
  /** Taken from the pool (it may have been closed by the app meanwhile). */
  reused: boolean;
}

export class UpstreamPool {
  private readonly idle = new Map<number, net.Socket[]>();
  private readonly all = new Set<net.Socket>();
  private closed = false;

  /** A pooled connection to 127.0.0.1:port, or a new one (connecting; writes are queued until it is up). */
  acquire(port: number): Lease {
    const list = this.idle.get(port);
    while (list !== undefined && list.length > 0) {
      const socket = list.pop()!;
      if (socket.destroyed || !socket.writable) continue;
      socket.removeListener('error', onIdleTrouble);
      socket.removeListener('data', onIdleData);
      socket.setTimeout(0);
      socket.resume();
      return { socket, reused: true };
    }
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    this.all.add(socket);
    socket.on('timeout', onIdleTrouble);
    socket.once('close', () => {
      this.all.delete(socket);
      this.forget(port, socket);
    });
    return { socket, reused: false };
  }

  /** Gives a connection back after a complete response; it is closed when it idles too long or the app hangs up. */
  release(port: number, socket: net.Socket): void {
    if (this.closed || socket.destroyed) return void socket.destroy();
    let list = this.idle.get(port);
    if (list === undefined) {
      list = [];
      this.idle.set(port, list);
    }
    if (list.length >= MAX_IDLE_PER_PORT) return void socket.destroy();
    socket.on('error', onIdleTrouble);
    socket.on('data', onIdleData);
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

  private forget(port: number, socket: net.Socket): void {
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

/** Nothing may arrive on an idle connection; if it does, the stream is out of sync. */
function onIdleData(this: net.Socket): void {
  this.destroy();
}
