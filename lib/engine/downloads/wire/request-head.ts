// The head of a download request: Host, User-Agent, Accept-Encoding, the caller's headers, Connection: close.
import { EngineError } from '../../errors';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

export function requestHead(url: URL, method: string, headers: Record<string, string>): string {
  const given = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  let head = `${method} ${url.pathname || '/'}${url.search} HTTP/1.1\r\n`;
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
    if (name.toLowerCase() === 'connection') continue;
    head += `${name}: ${value}\r\n`;
  }
  return `${head}Connection: close\r\n\r\n`;
}
