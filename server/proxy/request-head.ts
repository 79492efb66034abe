// Serialises the request head sent upstream on a raw connection: same header contract as request-headers.ts.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ForwardContext } from './types';
import { upstreamCookie } from './cookies';

/** Headers never copied from the browser: hop-by-hop, ones we set, and `expect` (Node already answered it). */
const SKIP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'cookie',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-ingress-path',
]);

/**
 * `chunkedBody`: the browser sent a chunked body, which we re-frame as chunked.
 * `identity`: ask for an uncompressed answer (the HTML rewriter needs plain text).
 */
export function requestHead(req: IncomingMessage, ctx: ForwardContext, chunkedBody: boolean, identity: boolean): string {
  const raw = req.rawHeaders;
  const connection = req.headers.connection;
  const extraHop = connection !== undefined && connection !== 'keep-alive' && connection !== 'close' ? connection.toLowerCase() : null;
  let head = `${req.method} ${ctx.upstreamPath} HTTP/1.1\r\n`;
  let host: string | undefined;
  let cookie: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const key = name.toLowerCase();
    if (SKIP.has(key)) {
      if (key === 'host') host = raw[i + 1];
      else if (key === 'cookie') cookie = cookie === undefined ? raw[i + 1] : `${cookie}; ${raw[i + 1]}`;
      continue;
    }
    if (extraHop !== null && listed(extraHop, key)) continue;
    if (identity && key === 'accept-encoding') continue;
    head += `${name}: ${raw[i + 1]}\r\n`;
  }
  const browserHost = host ?? `127.0.0.1:${ctx.target.port}`;
  const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  head += `Host: ${ctx.target.profile.host === 'upstream' ? `127.0.0.1:${ctx.target.port}` : browserHost}\r\n`;
  if (cookie !== undefined) {
    const kept = upstreamCookie(cookie, ctx.hangarCookies, ctx.cookiePrefix);
    if (kept !== null) head += `Cookie: ${kept}\r\n`;
  }
  head += `X-Forwarded-Host: ${browserHost}\r\nX-Forwarded-Proto: ${proto}\r\nX-Forwarded-Port: ${forwardedPort(browserHost, proto)}\r\n`;
  if (req.socket.remoteAddress !== undefined) head += `X-Forwarded-For: ${req.socket.remoteAddress}\r\n`;
  if (ctx.prefix !== '') head += `X-Forwarded-Prefix: ${ctx.prefix}\r\nX-Ingress-Path: ${ctx.prefix}\r\n`;
  if (chunkedBody) head += 'Transfer-Encoding: chunked\r\n';
  if (identity) head += 'Accept-Encoding: identity\r\n';
  return `${head}Connection: keep-alive\r\n\r\n`;
}

function listed(tokens: string, key: string): boolean {
  for (const token of tokens.split(',')) if (token.trim() === key) return true;
  return false;
}

export function forwardedPort(host: string, proto: string): string {
  const bracket = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  if (colon > bracket) return host.slice(colon + 1);
  return proto === 'https' ? '443' : '80';
}
