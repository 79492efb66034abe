// Finds which process listens on a TCP port (Linux /proc), to name the culprit of a port conflict.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { hasEnvMarker } from './proc-table';

export interface PortOwner {
  pid: number;
  command: string | null;
}

async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      // No IPv6 table on this system.
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = cols[1]!;
      if (local.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  return inodes;
}

/** The pid listening on `port`, when the OS lets us see it (same user or root); null otherwise. */
export async function findPortOwner(port: number): Promise<PortOwner | null> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return null;
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      // Not ours to inspect, or gone.
      continue;
    }
    for (const fd of fds) {
      // An fd closed between readdir and readlink is simply not the socket.
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (targets.has(link)) {
        const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
          (c) => c.split('\0').filter(Boolean).join(' ') || null,
          () => null,
        );
        return { pid: Number(pid), command };
      }
    }
  }
  return null;
}

/**
 * Whether the process listening on `port` belongs to one of the trees marked with `tokens` (`HANGAR_PROC=<token>`):
 * true or false when the listener is visible, null when it is not (nothing listens, or /proc does not tell).
 */
export async function portOwnedBy(
  port: number,
  tokens: readonly string[],
): Promise<{ owned: boolean; owner: PortOwner } | null> {
  const owner = await findPortOwner(port);
  if (owner === null) return null;
  for (const token of tokens)
    if (await hasEnvMarker(owner.pid, `HANGAR_PROC=${token}`)) return { owned: true, owner };
  return { owned: false, owner };
}
