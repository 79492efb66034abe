// IP address text in one canonical form: IPv4 dotted (IPv4-mapped IPv6 unwrapped), IPv6 as its eight groups.
import net from 'node:net';

export type ParsedAddress =
  { family: 4; text: string } | { family: 6; groups: number[]; text: string };

/** The address in canonical form, or null when the text is no IP address (zone ids included). */
export function parseAddress(value: string): ParsedAddress | null {
  const text = value.trim().toLowerCase();
  if (text.includes('%')) return null;
  const family = net.isIP(text);
  if (family === 4) return { family: 4, text: text.split('.').map(Number).join('.') };
  if (family !== 6) return null;
  const groups = ipv6Groups(text);
  if (groups === null) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return {
      family: 4,
      text: [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.'),
    };
  }
  return { family: 6, groups, text: groups.map((g) => g.toString(16)).join(':') };
}

/** The canonical text of an IP address, or null when it is none. */
export function canonicalAddress(value: string): string | null {
  return parseAddress(value)?.text ?? null;
}

/** The eight 16-bit groups of an IPv6 address already checked by net.isIPv6. */
function ipv6Groups(text: string): number[] | null {
  let address = text;
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const parts = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!parts.every((part) => /^[0-9a-f]{1,4}$/.test(part))) return null;
  return parts.map((part) => parseInt(part, 16));
}
