// The fast lane's request head parser: strict, and only for what the lane serves (a whole, plain HTTP/1.1 GET or HEAD).
import type { IncomingHttpHeaders } from 'node:http';
import type { ProxiedRequest } from './types';
import { isFieldValue, isToken } from './header-syntax';

export interface LaneRequest extends ProxiedRequest {
  method: 'GET' | 'HEAD';
  url: string;
  /** Length of the head in bytes, blank line included. */
  size: number;
  /** The browser asked to close the connection after this response (`Connection: close`). */
  close: boolean;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const GET = Buffer.from('GET ');
const HEAD = Buffer.from('HEAD ');
/** Bigger heads go to Node's parser, which owns the limits and their error answers. */
const MAX_HEAD = 16 * 1024;
const TARGET = /^\/[\x21-\x7e]*$/;
/** Headers that ask for something the lane leaves to Node: a body, an upgrade, a 100-continue. */
const DECLINED = new Set([
  'content-length',
  'transfer-encoding',
  'upgrade',
  'expect',
  'http2-settings',
]);
/** Headers whose repetition is ambiguous (request smuggling, identity): the lane declines them. */
const SINGLE = new Set(['host', 'authorization', 'referer', 'connection']);

/**
 * The request at the start of `bytes` when the lane can serve it; 'incomplete' when they begin a GET or HEAD head
 * that has not arrived whole; else null: another method or version, a body, an upgrade, a `Connection` naming
 * other headers, or anything unusual. Null is never an error: the bytes then go to Node's server, which parses them
 * again and answers whatever they are.
 */
export function parseLaneRequest(
  bytes: Buffer,
  socket: ProxiedRequest['socket'],
): LaneRequest | 'incomplete' | null {
  const end = bytes.indexOf(CRLF2);
  if (end < 0)
    return bytes.length <= MAX_HEAD && (begins(bytes, GET) || begins(bytes, HEAD))
      ? 'incomplete'
      : null;
  if (end > MAX_HEAD) return null;
  const text = bytes.toString('latin1', 0, end);
  const lineEnd = text.indexOf('\r\n');
  const firstEnd = lineEnd < 0 ? text.length : lineEnd;
  const space = text.indexOf(' ');
  const method = text.slice(0, space);
  if (method !== 'GET' && method !== 'HEAD') return null;
  const versionAt = text.lastIndexOf(' ', firstEnd);
  if (versionAt <= space || text.slice(versionAt + 1, firstEnd) !== 'HTTP/1.1') return null;
  const url = text.slice(space + 1, versionAt);
  if (!TARGET.test(url)) return null;
  const rawHeaders: string[] = [];
  const headers: IncomingHttpHeaders = {};
  let at = lineEnd < 0 ? text.length : lineEnd + 2;
  while (at < text.length) {
    let eol = text.indexOf('\r\n', at);
    if (eol < 0) eol = text.length;
    const colon = text.indexOf(':', at);
    if (colon <= at || colon > eol) return null;
    const name = text.slice(at, colon);
    const value = text.slice(colon + 1, eol).trim();
    at = eol + 2;
    if (!isToken(name) || !isFieldValue(value)) return null;
    const key = name.toLowerCase();
    if (DECLINED.has(key)) return null;
    rawHeaders.push(name, value);
    const seen = headers[key];
    if (seen === undefined) headers[key] = value;
    else if (SINGLE.has(key)) return null;
    else if (typeof seen === 'string')
      headers[key] = `${seen}${key === 'cookie' ? '; ' : ', '}${value}`;
  }
  if (headers.host === undefined) return null;
  const connection = headers.connection?.toLowerCase();
  if (connection !== undefined && connection !== 'keep-alive' && connection !== 'close')
    return null;
  return { method, url, rawHeaders, headers, socket, size: end + 4, close: connection === 'close' };
}

/** `bytes` and `word` agree as far as both go (a head cut short may hold only part of its method). */
function begins(bytes: Buffer, word: Buffer): boolean {
  const length = Math.min(bytes.length, word.length);
  return bytes.compare(word, 0, length, 0, length) === 0;
}
