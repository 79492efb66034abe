// Rewrites an upstream response's raw headers for the browser: hop-by-hop removed, redirects and cookies scoped.
import type { ForwardContext } from './types';
import { cookieScope, rewriteSetCookie } from './cookies';
import { rewriteLocation, rewriteRefresh } from './location';

const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'trailer',
  'upgrade',
]);

export interface ResponseHeaderInfo {
  /** Flat [name, value, name, value…] list for res.writeHead. */
  headers: string[];
  contentType: string | undefined;
  hasLength: boolean;
}

/** `dropLength` removes Content-Length (for bodies the proxy rewrites). */
export function browserHeaders(
  raw: string[],
  ctx: ForwardContext,
  host: string | undefined,
  keepUpgrade: boolean,
  dropLength = false,
): ResponseHeaderInfo {
  const out: string[] = [];
  let contentType: string | undefined;
  let hasLength = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    let value = raw[i + 1]!;
    const key = name.toLowerCase();
    switch (key) {
      case 'content-type':
        contentType = value;
        break;
      case 'content-length':
        if (dropLength) continue;
        hasLength = true;
        break;
      case 'location':
      case 'content-location':
        value = rewriteLocation(value, ctx.prefix, ctx.target, host);
        break;
      case 'refresh':
        value = rewriteRefresh(value, ctx.prefix, ctx.target, host);
        break;
      case 'set-cookie': {
        const cookie = rewriteSetCookie(
          value,
          cookieScope(ctx),
          ctx.hangarCookies,
          ctx.cookiePrefix,
        );
        if (cookie === null) continue;
        value = cookie;
        break;
      }
      default:
        if (HOP.has(key) && !(keepUpgrade && (key === 'upgrade' || key === 'connection'))) continue;
    }
    out.push(name, value);
  }
  return { headers: out, contentType, hasLength };
}
