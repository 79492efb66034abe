// One fast-lane request: the head goes to the app over a pooled connection, the answer goes raw onto the browser's socket.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  ResponseParseError,
  ResponseParser,
  type ParsedHead,
} from '../../lib/http/response-parser';
import type { LaneRequest } from './lane-request';
import type { ForwardContext } from './types';
import { requestHead } from './request-head';
import { browserHeaders } from './response-headers';
import { isFieldValue, isToken } from './header-syntax';
import type { Keep, UpstreamPool } from './upstream-pool';

/**
 * Bytes queued on the browser's socket before the app's connection stops being read. Stopping at Node's
 * 16 KiB mark paused and resumed the app's socket on every read of a big body.
 */
const MAX_BUFFERED = 1024 * 1024;

export interface ExchangeHooks {
  /** The response went out whole; the connection may carry the next request. */
  done(): void;
  /** The app failed before a byte reached the browser: the request goes the slow way (which retries or explains). */
  replay(): void;
}

export interface Exchange {
  /** The browser went away: drop the app's connection. */
  abort(): void;
}

export function startExchange(
  req: LaneRequest,
  ctx: ForwardContext,
  client: Socket,
  pool: UpstreamPool,
  keepAliveHeader: string,
  hooks: ExchangeHooks,
): Exchange {
  const { socket } = pool.acquire(ctx.target);
  socket.write(requestHead(req, ctx), 'latin1');
  let settled = false;
  let sent = false;
  let blocked = false;
  let framed = false;
  let keep: Keep | null = null;
  const resume = (): void => {
    blocked = false;
    if (!settled) socket.resume();
  };
  const write = (data: Buffer | string): void => {
    if (typeof data === 'string') client.write(data, 'latin1');
    else if (keep === null) client.write(data);
    else client.write(data, keep());
    if (client.writableLength >= MAX_BUFFERED && !blocked) {
      blocked = true;
      client.once('drain', resume);
    }
  };
  const parser = new ResponseParser(req.method, {
    head(parsed: ParsedHead) {
      const bodiless = req.method === 'HEAD' || parsed.status === 204 || parsed.status === 304;
      const info = browserHeaders(parsed.rawHeaders, ctx, req.headers.host, false, parsed.chunked);
      // A body without a length (chunked, or until the app closes) is re-framed as chunked for the browser.
      framed = !bodiless && !info.hasLength;
      write(
        responseHead(
          parsed,
          info.headers,
          req.close ? 'Connection: close\r\n' : keepAliveHeader,
          framed,
        ),
      );
      sent = true;
    },
    body(chunk: Buffer) {
      if (chunk.length === 0) return;
      if (framed) write(`${chunk.length.toString(16)}\r\n`);
      write(chunk);
      if (framed) write('\r\n');
    },
    end() {
      if (framed) write('0\r\n\r\n');
      settle();
      if (parser.keepAlive && !parser.trailingGarbage) pool.release(socket);
      else socket.destroy();
      hooks.done();
    },
  });

  function settle(): void {
    settled = true;
    socket.handler = null;
    client.off('drain', resume);
  }

  const fail = (error: Error): void => {
    if (settled) return;
    settle();
    socket.destroy();
    if (sent) client.destroy(error);
    else hooks.replay();
  };

  socket.handler = {
    bytes(chunk: Buffer, lend: Keep | null): boolean {
      keep = lend;
      // Everything one read produces (head, body pieces, chunk framing) leaves in one write.
      client.cork();
      try {
        parser.execute(chunk);
      } catch (error) {
        fail(error as Error);
        return false;
      } finally {
        keep = null;
        client.uncork();
      }
      return settled || !blocked;
    },
    end() {
      if (!parser.endOfStream()) fail(new Error('the app closed the connection mid-response'));
    },
    fail,
  };

  return {
    abort() {
      if (settled) return;
      settle();
      socket.destroy();
    },
  };
}

/** The status line and headers for the browser; throws on what Node would refuse to send (a control character). */
function responseHead(
  parsed: ParsedHead,
  headers: string[],
  keepAliveHeader: string,
  framed: boolean,
): string {
  const message =
    parsed.statusMessage === '' ? (STATUS_CODES[parsed.status] ?? '') : parsed.statusMessage;
  if (!isFieldValue(message)) throw new ResponseParseError('bad status message');
  let head = `HTTP/1.1 ${parsed.status} ${message}\r\n`;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    const value = headers[i + 1]!;
    if (!isToken(name) || !isFieldValue(value))
      throw new ResponseParseError(`bad response header ${JSON.stringify(name.slice(0, 40))}`);
    head += `${name}: ${value}\r\n`;
  }
  head += keepAliveHeader;
  if (framed) head += 'Transfer-Encoding: chunked\r\n';
  return `${head}\r\n`;
}
