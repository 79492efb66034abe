// The connection of one download request: TCP reading into recycled slabs, or TLS handing out its own buffers;
// through a proxy, TCP to the proxy (http) or TLS inside a CONNECT tunnel (https).
import net from 'node:net';
import tls from 'node:tls';
import { SlabReader, type Slab } from '../../../http/slab-reader';

/**
 * 4 MiB slabs serve several reads, so a few cover every byte waiting for the disk; reads of up to 1 MiB
 * mean fewer callbacks (measured on loopback: 1 MiB edged out 256 KiB, within the noise).
 */
const READS = { slabSize: 4 << 20, maxRead: 1 << 20 };

/** Bytes read from the socket. With a slab they are valid only during the call unless the slab is held. */
export type OnBytes = (chunk: Buffer, slab: Slab | null) => void;

export interface TransportOptions {
  url: URL;
  onBytes: OnBytes;
  /** Extra trusted certificates for https (a private mirror, or a test's self-signed server). */
  ca?: string | Buffer;
  /** An http proxy to send the request to instead of the URL's host (plain http only). */
  proxy?: URL | null;
  /** A CONNECT tunnel already open to the URL's host: TLS runs inside it. */
  tunnel?: net.Socket;
}

/** Opens the connection; writes are queued until it is up. `pause()`/`resume()` stop and restart reading. */
export function openTransport(options: TransportOptions): net.Socket {
  const { url, onBytes } = options;
  // URL.hostname keeps an IPv6 literal in brackets; the socket wants it bare. Names go through Node's default lookup.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'https:') {
    const socket = tls.connect({
      host,
      port: Number(url.port) || 443,
      servername: net.isIP(host) === 0 ? host : undefined,
      socket: options.tunnel,
      ALPNProtocols: ['http/1.1'],
      ca: options.ca,
    });
    socket.on('data', (chunk: Buffer) => onBytes(chunk, null));
    return socket;
  }
  const reader = new SlabReader(READS);
  const hop = options.proxy ?? url;
  const socket = net.connect({
    host: hop.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(hop.port) || 80,
    onread: {
      buffer: () => reader.region(),
      // Pausing goes through socket.pause(), which stops reading at once, even from inside this callback.
      callback: (bytes: number, region: Uint8Array) => {
        onBytes((region as Buffer).subarray(0, bytes), reader.landed(bytes));
        return true;
      },
    },
  });
  socket.once('close', () => reader.close());
  return socket;
}
