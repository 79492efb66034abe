// Forwards one HTTP request to the app over a pooled raw connection and streams the answer back (no buffering, no limits).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { ForwardContext } from './types';
import { requestHead } from './request-head';
import { browserHeaders } from './response-headers';
import { createHtmlInjector, isHtml } from './html-rewrite';
import { ResponseParser, type ParsedHead } from '../../lib/http/response-parser';
import type { Keep, UpstreamPool } from './upstream-pool';

export interface ForwardHooks {
  /** Called when the app cannot be reached and nothing was sent yet. */
  unreachable(req: IncomingMessage, res: ServerResponse, ctx: ForwardContext, error: Error): void;
}

const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function forwardHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ForwardContext,
  pool: UpstreamPool,
  hooks: ForwardHooks,
): void {
  const chunkedBody = req.headers['transfer-encoding'] !== undefined;
  const length = req.headers['content-length'];
  const hasBody = chunkedBody || (length !== undefined && length !== '0');
  const rewrite = ctx.target.profile.rewriteHtml && req.method === 'GET';
  const head = requestHead(req, ctx, { chunkedBody, identity: rewrite });
  // The connection is reusable only once every body byte went out through it.
  let bodyDone = !hasBody;
  if (hasBody) req.once('end', () => (bodyDone = true));
  attempt(false);

  function attempt(isRetry: boolean): void {
    const { socket, reused } = pool.acquire(ctx.target);
    // The head goes out first: nothing can come back before this turn of the event loop ends.
    socket.write(head, 'latin1');
    if (hasBody && !isRetry) sendBody(req, socket, chunkedBody);
    let settled = false;
    let blocked = false;
    let out: Writable = res;
    let keep: Keep | null = null;
    const resume = (): void => {
      blocked = false;
      if (!settled) socket.resume();
    };
    const parser = new ResponseParser(req.method ?? 'GET', {
      head(parsed: ParsedHead) {
        const html =
          rewrite &&
          isHtml(headerOf(parsed.rawHeaders, 'content-type')) &&
          headerOf(parsed.rawHeaders, 'content-encoding') === undefined;
        // A chunked body is re-framed by Node, so a Content-Length sent alongside it (RFC 9112 §6.3) must go.
        const info = browserHeaders(
          parsed.rawHeaders,
          ctx,
          req.headers.host,
          false,
          html || parsed.chunked,
        );
        res.writeHead(parsed.status, parsed.statusMessage, info.headers);
        // Streams (SSE, chunked generations) must reach the browser before their first event.
        if (!info.hasLength) res.flushHeaders();
        if (html) {
          const injector = createHtmlInjector(ctx.prefix);
          injector.pipe(res);
          out = injector;
        }
      },
      body(chunk: Buffer) {
        // Slab bytes go straight to the browser's socket, which gives the slab back once it has sent them.
        const more =
          keep === null
            ? out.write(chunk)
            : out === res
              ? res.write(chunk, keep())
              : out.write(Buffer.from(chunk));
        if (!more && !blocked) {
          blocked = true;
          out.once('drain', resume);
        }
      },
      end() {
        settled = true;
        detach();
        out.end();
        if (parser.keepAlive && !parser.trailingGarbage && bodyDone) pool.release(socket);
        else socket.destroy();
      },
    });

    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      detach();
      socket.destroy();
      if (res.headersSent || res.destroyed) return void res.destroy();
      // A pooled connection the app closed meanwhile: a bodiless idempotent request is safe to repeat once.
      if (!isRetry && reused && !hasBody && !parser.started && RETRYABLE.has(req.method ?? ''))
        return attempt(true);
      hooks.unreachable(req, res, ctx, error);
    };
    const onClientGone = (): void => {
      if (settled) return;
      settled = true;
      detach();
      socket.destroy();
    };
    function detach(): void {
      socket.handler = null;
      res.off('close', onClientGone);
    }

    socket.handler = {
      /** Returns false to stop reading from the app until the browser drains what it has. */
      bytes(chunk: Buffer, lend: Keep | null): boolean {
        keep = lend;
        try {
          parser.execute(chunk);
        } catch (error) {
          fail(error as Error);
          return false;
        } finally {
          keep = null;
        }
        // Once the response is complete the connection idles in the pool, where it must keep reading to notice a hang-up.
        return settled || !blocked;
      },
      end() {
        if (!parser.endOfStream()) fail(new Error('the app closed the connection mid-response'));
      },
      fail,
    };
    res.on('close', onClientGone);
  }
}

function sendBody(req: IncomingMessage, socket: Socket, chunked: boolean): void {
  if (!chunked) {
    req.pipe(socket, { end: false });
    return;
  }
  req.on('data', (chunk: Buffer) => {
    socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
    socket.write(chunk);
    if (!socket.write('\r\n', 'latin1')) {
      req.pause();
      socket.once('drain', () => req.resume());
    }
  });
  req.on('end', () => {
    if (!socket.destroyed) socket.write('0\r\n\r\n', 'latin1');
  });
}

function headerOf(raw: string[], key: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.length === key.length && raw[i]!.toLowerCase() === key) return raw[i + 1];
  return undefined;
}
