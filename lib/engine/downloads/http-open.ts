// Opens an HTTP(S) GET or HEAD, following redirects; credentials survive a redirect only to the same host.
import { EngineError } from '../errors';
import { currentProxyFor } from '../network';
import { sendRequest } from './wire/exchange';
import type { WireResponse } from './wire/response';
import type { ResponseHeaders } from './wire/response-headers';

export interface OpenOptions {
  url: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  maxRedirects?: number;
  /** Milliseconds to wait for response headers. */
  headersTimeoutMs?: number;
  method?: 'GET' | 'HEAD';
  /** Extra trusted certificates for https (a private mirror, or a test's self-signed server). */
  ca?: string | Buffer;
}

export interface Hop {
  url: string;
  status: number;
  headers: ResponseHeaders;
}

export interface OpenResult {
  res: WireResponse;
  /** URL of the final response. */
  url: string;
  /** Every response received, redirects first, the final one last. */
  hops: Hop[];
}

const SENSITIVE = ['authorization', 'cookie', 'proxy-authorization'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Headers with credentials removed (for a redirect that leaves the original host). */
export function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (!SENSITIVE.includes(k.toLowerCase())) out[k] = v;
  return out;
}

/**
 * Requests `options.url`, following up to `maxRedirects` redirects. The caller consumes or destroys
 * `res` (one request per connection, so destroying an unread body costs nothing).
 */
export async function openUrl(options: OpenOptions): Promise<OpenResult> {
  const origin = new URL(options.url);
  let current = origin;
  let headers = { ...options.headers };
  const hops: Hop[] = [];
  const max = options.maxRedirects ?? 10;
  for (let i = 0; ; i++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new EngineError(
        'unsupported',
        `Cannot download ${current.href}: only http and https URLs are supported`,
      );
    }
    const res = await sendRequest({
      url: current,
      method: options.method ?? 'GET',
      headers,
      signal: options.signal,
      headersTimeoutMs: options.headersTimeoutMs ?? 60_000,
      ca: options.ca,
      // Each hop by its own rules: a redirect may lead to a host NO_PROXY lists.
      proxy: currentProxyFor(current),
    });
    hops.push({ url: current.href, status: res.status, headers: res.headers });
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || !location) return { res, url: current.href, hops };
    res.destroy();
    if (i >= max)
      throw new EngineError(
        'network',
        `Too many redirects (more than ${max}) starting at ${options.url}`,
      );
    const next = new URL(location, current);
    if (next.host !== origin.host || next.protocol !== origin.protocol)
      headers = withoutCredentials(headers);
    current = next;
  }
}
