// Builds the headers sent upstream: hop-by-hop removed, X-Forwarded-* contract added, Hangar's cookies stripped.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ForwardContext } from './types';
import { mentionsAny, upstreamCookie } from './cookies';

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus ones Node answers itself (`expect`) or we set (`x-forwarded-*`). */
const DROP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-ingress-path',
]);

export function upstreamHeaders(req: IncomingMessage, ctx: ForwardContext, upgrade: boolean): OutgoingHttpHeaders {
  const src = req.headers;
  const out: OutgoingHttpHeaders = {};
  const extraHop = src.connection !== undefined && src.connection !== 'keep-alive' && src.connection !== 'close' ? connectionTokens(src.connection) : null;
  for (const key in src) {
    if (DROP.has(key) || (extraHop !== null && extraHop.has(key))) continue;
    out[key] = src[key];
  }
  const cookie = src.cookie;
  if (cookie !== undefined && (ctx.cookiePrefix !== null || mentionsAny(cookie, ctx.hangarCookies))) {
    const kept = upstreamCookie(cookie, ctx.hangarCookies, ctx.cookiePrefix);
    if (kept === null) delete out.cookie;
    else out.cookie = kept;
  }
  const host = src.host ?? `127.0.0.1:${ctx.target.port}`;
  const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  if (ctx.target.profile.host === 'upstream') out.host = `127.0.0.1:${ctx.target.port}`;
  else out.host = host;
  out['x-forwarded-host'] = host;
  out['x-forwarded-proto'] = proto;
  out['x-forwarded-port'] = portOf(host, proto, req.socket.localPort);
  const remote = req.socket.remoteAddress;
  if (remote !== undefined) out['x-forwarded-for'] = remote;
  if (ctx.prefix !== '') {
    out['x-forwarded-prefix'] = ctx.prefix;
    out['x-ingress-path'] = ctx.prefix;
  }
  if (upgrade) {
    out.connection = 'Upgrade';
    if (src.upgrade !== undefined) out.upgrade = src.upgrade;
  }
  return out;
}

function connectionTokens(value: string): Set<string> {
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '' && t !== 'upgrade'));
}

function portOf(host: string, proto: string, localPort: number | undefined): string {
  const bracket = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  if (colon > bracket) return host.slice(colon + 1);
  if (localPort !== undefined && host === '') return String(localPort);
  return proto === 'https' ? '443' : '80';
}
