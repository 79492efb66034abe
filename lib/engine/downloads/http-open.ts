// Opens an HTTP(S) GET, following redirects; credentials survive a redirect only to the same host.
import http from 'node:http';
import https from 'node:https';
import { EngineError } from '../errors';

export interface OpenOptions {
  url: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  maxRedirects?: number;
  /** Milliseconds to wait for response headers. */
  headersTimeoutMs?: number;
  method?: 'GET' | 'HEAD';
}

export interface Hop {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
}

export interface OpenResult {
  res: http.IncomingMessage;
  req: http.ClientRequest;
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
  for (const [k, v] of Object.entries(headers)) if (!SENSITIVE.includes(k.toLowerCase())) out[k] = v;
  return out;
}

function requestOnce(url: URL, headers: Record<string, string>, options: OpenOptions): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!lib) {
      reject(new EngineError('unsupported', `Cannot download ${url.href}: only http and https URLs are supported`));
      return;
    }
    const req = lib.request(url, { method: options.method ?? 'GET', headers: { 'user-agent': 'hangar', ...headers }, signal: options.signal });
    const timer = setTimeout(() => {
      req.destroy(new EngineError('timeout', `No response from ${url.host} within ${options.headersTimeoutMs} ms`));
    }, options.headersTimeoutMs ?? 60_000);
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve({ req, res });
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/** GETs `options.url`, following up to `maxRedirects` redirects. The caller consumes or destroys `res`. */
export async function openUrl(options: OpenOptions): Promise<OpenResult> {
  const origin = new URL(options.url);
  let current = origin;
  let headers = { ...(options.headers ?? {}) };
  const hops: Hop[] = [];
  const max = options.maxRedirects ?? 10;
  for (let i = 0; ; i++) {
    const { req, res } = await requestOnce(current, headers, options);
    const status = res.statusCode ?? 0;
    hops.push({ url: current.href, status, headers: res.headers });
    if (!REDIRECTS.has(status) || !res.headers.location) return { res, req, url: current.href, hops };
    res.resume();
    if (i >= max) throw new EngineError('network', `Too many redirects (more than ${max}) starting at ${options.url}`);
    const next = new URL(res.headers.location, current);
    if (next.host !== origin.host || next.protocol !== origin.protocol) headers = withoutCredentials(headers);
    current = next;
  }
}
