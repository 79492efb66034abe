// The upstream pool's read buffers: bytes a sink keeps stay intact until it lets them go, and released slabs are reused.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamPool, type Keep } from '../../../server/proxy/upstream-pool';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A TCP server that writes `pieces` to each connection, one per event-loop turn, then closes it. */
async function pieceServer(pieces: Buffer[]): Promise<number> {
  const server = net.createServer((socket) => {
    let i = 0;
    const next = (): void => {
      if (i === pieces.length) return void socket.end();
      socket.write(pieces[i++]!, () => setTimeout(next, 2));
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

function piece(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

describe('UpstreamPool read buffers', () => {
  it('never reuses a buffer whose bytes a sink kept until the sink releases them', async () => {
    // Big reads switch the connection to recycled slabs; every piece has its own fill byte.
    const pieces = Array.from({ length: 12 }, (_, i) =>
      piece(i % 2 === 0 ? 60 * 1024 : 40 * 1024, 0x41 + i),
    );
    const port = await pieceServer(pieces);
    const pool = new UpstreamPool();
    cleanups.push(() => pool.destroy());
    const { socket } = pool.acquire({ port });
    const kept: { bytes: Buffer; copy: Buffer; release: () => void }[] = [];
    let lent = 0;
    await new Promise<void>((resolve, reject) => {
      socket.handler = {
        bytes(chunk: Buffer, keep: Keep | null) {
          if (keep !== null) {
            lent += 1;
            kept.push({ bytes: chunk, copy: Buffer.from(chunk), release: keep() });
          }
          return true;
        },
        end: resolve,
        fail: reject,
      };
    });
    expect(lent).toBeGreaterThan(2);
    for (const { bytes, copy } of kept) expect(bytes.equals(copy)).toBe(true);
    for (const { release } of kept) release();
  });

  it('hands out the same slab again once its bytes were released', async () => {
    const pieces = Array.from({ length: 8 }, (_, i) => piece(60 * 1024, 0x61 + i));
    const port = await pieceServer(pieces);
    const pool = new UpstreamPool();
    cleanups.push(() => pool.destroy());
    const { socket } = pool.acquire({ port });
    const slabs = new Set<ArrayBufferLike>();
    await new Promise<void>((resolve, reject) => {
      socket.handler = {
        bytes(chunk: Buffer, keep: Keep | null) {
          if (keep !== null) {
            slabs.add(chunk.buffer);
            keep()();
          }
          return true;
        },
        end: resolve,
        fail: reject,
      };
    });
    expect(slabs.size).toBe(1);
  });

  it('closes a connection that idles in the pool beyond its keep-alive window', async () => {
    const server = net.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => server.close());
    const pool = new UpstreamPool();
    cleanups.push(() => pool.destroy());
    const port = (server.address() as net.AddressInfo).port;
    const { socket } = pool.acquire({ port });
    await new Promise((resolve) => socket.once('connect', resolve));
    pool.release(socket);
    expect(pool.acquire({ port }).socket).toBe(socket);
    pool.release(socket);
    const closed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the idle connection was not closed within 6 s')),
        6000,
      );
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await closed;
    expect(pool.acquire({ port }).socket).not.toBe(socket);
  });
});
