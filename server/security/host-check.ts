// DNS-rebinding defence: the Host header must name this machine (loopback, bound address, its own name or an allowed name).
import net from 'node:net';
import os from 'node:os';

export interface HostPolicy {
  /** Returns true when the Host header value (with or without port) is acceptable. */
  allows(hostHeader: string | undefined): boolean;
}

export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

export function isWildcardBind(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Splits `name:port`, `[v6]:port` or `name` into the hostname, lowercased, without brackets. */
export function hostnameOf(hostHeader: string): string | null {
  const value = hostHeader.trim().toLowerCase();
  if (value === '') return null;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return value.slice(1, end);
  }
  const parts = value.split(':');
  if (parts.length > 2) return net.isIPv6(value) ? value : null;
  if (parts.length === 2 && !/^\d{1,5}$/.test(parts[1])) return null;
  if (!/^[a-z0-9.-]+$/.test(parts[0])) return null;
  return parts[0];
}

/**
 * The machine's own names, as a LAN browser types them: the host name, its first label and that label's
 * mDNS form (`gpubox.example.lan`, `gpubox`, `gpubox.local`). Nobody outside controls what these resolve to
 * on the LAN, so they are as safe to accept as the interface addresses.
 */
export function machineNames(hostname: string = os.hostname()): string[] {
  const full = hostname.trim().toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9.-]+$/.test(full) || full.startsWith('.')) return [];
  const short = full.split('.')[0]!;
  return [...new Set([full, short, `${short}.local`])];
}

export function createHostPolicy(options: {
  bindHost: string;
  allowHosts: string[];
  /** More allowed names, read at each request (config.json's `allowHosts`, which settings.set changes live). */
  liveHosts?: () => readonly string[];
  hostname?: string;
  appsDomain?: string | null;
}): HostPolicy {
  const names = new Set(options.allowHosts.map((h) => h.toLowerCase()));
  // The apps domain names Hangar itself and, one label down, each app's origin (`<label>.<domain>`).
  const domain = options.appsDomain?.toLowerCase() ?? null;
  if (domain !== null) names.add(domain);
  const bind = options.bindHost.toLowerCase().replace(/^\[|\]$/g, '');
  const wildcard = isWildcardBind(bind);
  if (!wildcard) names.add(bind);
  // Reachable from the LAN: the names people there call the machine by.
  if (!isLoopbackName(bind)) for (const name of machineNames(options.hostname)) names.add(name);
  return {
    allows(hostHeader) {
      if (!hostHeader) return false;
      const name = hostnameOf(hostHeader);
      if (name === null) return false;
      if (isLoopbackName(name) || names.has(name)) return true;
      if (options.liveHosts?.().some((h) => h.toLowerCase() === name)) return true;
      if (
        domain !== null &&
        name.endsWith(`.${domain}`) &&
        !name.slice(0, -domain.length - 1).includes('.')
      )
        return true;
      return wildcard && interfaceAddresses().has(name);
    },
  };
}

function interfaceAddresses(): Set<string> {
  const set = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) set.add(info.address.toLowerCase());
  }
  return set;
}
