// Response headers shaped as Node's IncomingMessage shows them: lower-case names, set-cookie an array, repeats joined.
import type { IncomingHttpHeaders } from 'node:http';

export type ResponseHeaders = IncomingHttpHeaders;

/** Headers Node keeps only the first of (a repeat is dropped rather than joined). */
const FIRST_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

export function responseHeaders(rawHeaders: string[]): ResponseHeaders {
  // No prototype: a header named __proto__ stays an ordinary entry.
  const out = Object.create(null) as Record<string, string | string[]>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    const previous = out[name];
    if (name === 'set-cookie') {
      if (Array.isArray(previous)) previous.push(value);
      else out[name] = [value];
    } else if (previous === undefined) out[name] = value;
    // Only set-cookie collects a list, so `previous` is a string here.
    else if (!FIRST_ONLY.has(name) && typeof previous === 'string')
      out[name] = `${previous}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out as ResponseHeaders;
}
