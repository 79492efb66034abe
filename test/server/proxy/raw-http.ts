// Raw HTTP/1.1 over one connection, for what a client library would hide: pipelining, split heads, who answered.
import { once } from 'node:events';
import net from 'node:net';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits a byte stream holding whole HTTP/1.1 responses (Content-Length or chunked) into answers. */
export function answers(stream: string): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  while (at < stream.length) {
    const end = stream.indexOf('\r\n\r\n', at);
    if (end < 0) throw new Error(`incomplete head in ${JSON.stringify(stream.slice(at, at + 80))}`);
    const [statusLine, ...lines] = stream.slice(at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    at = end + 4;
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = stream.indexOf('\r\n', at);
        const size = parseInt(stream.slice(at, lineEnd), 16);
        at = lineEnd + 2;
        if (size === 0) {
          at += 2;
          break;
        }
        body += stream.slice(at, at + size);
        at += size + 2;
      }
    } else {
      const length = Number(headers['content-length'] ?? 0);
      body = stream.slice(at, at + length);
      at += length;
    }
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
  }
  return out;
}

export type Connect = () => Promise<net.Socket>;

/** A plain TCP connection to 127.0.0.1:port. */
export function connectTo(port: number): Connect {
  return async () => {
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  };
}

/** Sends `writes` on one connection (each after the previous is flushed) and collects everything until the server closes. */
export async function exchange(writes: string[], connect: Connect): Promise<Answer[]> {
  const socket = await connect();
  let received = '';
  socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
  const closed = once(socket, 'close');
  for (const bytes of writes) {
    await new Promise<void>((resolve) => socket.write(bytes, 'latin1', () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await closed;
  return answers(received);
}
