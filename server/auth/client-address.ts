// Who the client is: its address (X-Forwarded-For only through trusted proxies) and the group its failures count under.
import type { IncomingMessage } from 'node:http';
import { canonicalAddress, parseAddress } from './ip-address';

/** The socket peer's address, IPv4-mapped IPv6 unwrapped. */
function peerAddress(req: Pick<IncomingMessage, 'socket'>): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The client's address. Without trusted proxies it is the socket peer (X-Forwarded-For is ignored: anyone can
 * write it). When the peer is a trusted proxy, X-Forwarded-For is read from the right, past the trusted proxies,
 * to the first address that is not one; a malformed entry means the peer's own address is used.
 */
export function clientAddress(
  req: Pick<IncomingMessage, 'socket' | 'headers'>,
  trustedProxies: readonly string[] = [],
): string {
  const peer = peerAddress(req);
  if (trustedProxies.length === 0) return peer;
  const trusted = new Set(
    trustedProxies.map((proxy) => canonicalAddress(proxy)).filter((proxy) => proxy !== null),
  );
  if (!trusted.has(canonicalAddress(peer) ?? '')) return peer;
  const header = req.headers['x-forwarded-for'];
  const entries = [header ?? []]
    .flat()
    .join(',')
    .split(',')
    .map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) return peer;
  let furthest = peer;
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const address = canonicalAddress(entries[i]!);
    if (address === null) return peer;
    if (!trusted.has(address)) return address;
    furthest = address;
  }
  // Every hop is a trusted proxy: the furthest one is the client.
  return furthest;
}

/**
 * The rate limit's notion of one client: every loopback address (127.0.0.0/8, ::1) is one client, an IPv4
 * address is itself, an IPv6 address counts as its /64 network (one host usually holds a whole /64).
 */
export function clientKey(address: string): string {
  const parsed = parseAddress(address);
  if (parsed === null) return address;
  if (parsed.family === 4) return parsed.text.startsWith('127.') ? 'loopback' : parsed.text;
  if (parsed.text === '0:0:0:0:0:0:0:1') return 'loopback';
  return `${parsed.groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
