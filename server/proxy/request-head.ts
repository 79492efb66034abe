// The request head sent upstream: hop-by-hop removed, Hangar's cookies stripped, the X-Forwarded-* contract added.
import type { ForwardContext, ProxiedRequest } from './types';
import { mentionsAny, upstreamCookie } from './cookies';
import { upstreamAuthority } from './upstream-address';

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

export interface HeadOptions {
  /** The browser sent a chunked body, which we re-frame as chunked. */
  chunkedBody?: boolean;
  /** Ask for an uncompressed answer (the HTML rewriter needs plain text). */
  identity?: boolean;
  /** A WebSocket (or other) upgrade: keep `Upgrade` and say `Connection: Upgrade`. */
  upgrade?: boolean;
}

/** The headers for the app as a flat [name, value, …] list (http.request accepts it as is). */
export function forwardedHeaders(
  req: ProxiedRequest,
  ctx: ForwardContext,
  options: HeadOptions = {},
): string[] {
  const raw = req.rawHeaders;
  const connection = req.headers.connection;
  const extraHop =
    connection !== undefined && connection !== 'keep-alive' && connection !== 'close'
      ? connection.toLowerCase()
      : null;
  const out: string[] = [];
  let host: string | undefined;
  let cookie: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const key = name.toLowerCase();
    if (SKIP.has(key)) {
      // The first Host, as Node's parser (and so the Host check) reads it.
      if (key === 'host') host ??= raw[i + 1];
      else if (key === 'cookie')
        cookie = cookie === undefined ? raw[i + 1] : `${cookie}; ${raw[i + 1]}`;
      continue;
    }
    if (extraHop !== null && listed(extraHop, key)) continue;
    if (options.identity && key === 'accept-encoding') continue;
    if (key === 'authorization' && ctx.isHangarAuthorization(raw[i + 1]!)) continue;
    out.push(name, raw[i + 1]!);
  }
  // An HTTP/1.0 browser may send no Host: the app is then told its own address.
  const browserHost = host ?? upstreamAuthority(ctx.target);
  const proto = req.socket.encrypted ? 'https' : 'http';
  out.push(
    'Host',
    ctx.target.profile.host === 'upstream' ? upstreamAuthority(ctx.target) : browserHost,
  );
  if (cookie !== undefined) {
    const kept =
      ctx.cookiePrefix === null && !mentionsAny(cookie, ctx.hangarCookies)
        ? cookie
        : upstreamCookie(cookie, ctx.hangarCookies, ctx.cookiePrefix);
    if (kept !== null) out.push('Cookie', kept);
  }
  out.push(
    'X-Forwarded-Host',
    browserHost,
    'X-Forwarded-Proto',
    proto,
    'X-Forwarded-Port',
    forwardedPort(browserHost, proto),
  );
  if (req.socket.remoteAddress !== undefined) out.push('X-Forwarded-For', req.socket.remoteAddress);
  if (ctx.prefix !== '') out.push('X-Forwarded-Prefix', ctx.prefix, 'X-Ingress-Path', ctx.prefix);
  if (options.chunkedBody) out.push('Transfer-Encoding', 'chunked');
  if (options.identity) out.push('Accept-Encoding', 'identity');
  if (options.upgrade)
    out.push('Connection', 'Upgrade', 'Upgrade', req.headers.upgrade ?? 'websocket');
  else out.push('Connection', 'keep-alive');
  return out;
}

/** The serialised request head for a raw keep-alive connection. */
export function requestHead(
  req: ProxiedRequest,
  ctx: ForwardContext,
  options: HeadOptions = {},
): string {
  const headers = forwardedHeaders(req, ctx, options);
  let head = `${req.method} ${ctx.upstreamPath} HTTP/1.1\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return `${head}\r\n`;
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
