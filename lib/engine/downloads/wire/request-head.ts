// The head of a download request: Host, User-Agent, Accept-Encoding, the caller's headers, Connection: close
// (and, through an http proxy, the absolute URL and Proxy-Authorization).
import { EngineError } from '../../errors';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

/** Through an http proxy the request names the absolute URL and carries the proxy's credentials. */
export interface ViaProxy {
  authorization: string | null;
}

export function requestHead(
  url: URL,
  method: string,
  headers: Record<string, string>,
  via: ViaProxy | null = null,
): string {
  const given = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  const target = `${url.pathname || '/'}${url.search}`;
  const origin = via === null ? '' : `${url.protocol}//${url.host}`;
  let head = `${method} ${origin}${target} HTTP/1.1\r\n`;
  // URL.host carries the port only when it is not the scheme's default, and IPv6 literals in brackets.
  if (!given.has('host')) head += `Host: ${url.host}\r\n`;
  if (!given.has('user-agent')) head += 'User-Agent: hangar\r\n';
  if (!given.has('accept-encoding')) head += 'Accept-Encoding: identity\r\n';
  if (!given.has('authorization') && (url.username !== '' || url.password !== '')) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    head += `Authorization: Basic ${Buffer.from(user).toString('base64')}\r\n`;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name) || UNSAFE_VALUE.test(value)) {
      throw new EngineError(
        'invalid_params',
        `Invalid request header ${JSON.stringify(name)} for ${url.host}`,
      );
    }
    const lower = name.toLowerCase();
    if (lower === 'connection' || lower === 'proxy-authorization') continue;
    head += `${name}: ${value}\r\n`;
  }
  if (via?.authorization) head += `Proxy-Authorization: ${via.authorization}\r\n`;
  return `${head}Connection: close\r\n\r\n`;
}
