// Stops a process tree: SIGTERM to every member, a grace period, then SIGKILL for what remains.
import { hasEnvMarker, listProcs, type ProcInfo } from './proc-table';

export interface TreeTarget {
  /** Root pid (the process we spawned). */
  pid: number;
  /** Process group and session of the root; members are found by these even after the root died. */
  pgid?: number;
  sid?: number;
  /** `KEY=value` set in the environment of everything we spawn; finds grandchildren that left the group. */
  marker?: string;
  /**
   * The root is a keeper (util-linux `script`, see keeper.ts). It gets no first signal: on SIGTERM it hangs up its
   * command after 2 s, which would cut the grace short (measured: an app ignoring SIGTERM died at 2.02 s with any
   * grace). It ends by itself when its command does, or in the SIGKILL pass.
   */
  keeper?: boolean;
}

export interface KillResult {
  /** Pids that received SIGTERM. */
  terminated: number[];
  /** Pids that needed SIGKILL after the grace period. */
  forced: number[];
}

export interface KillOptions {
  /** Time between the first signal and SIGKILL (default 5000 ms). */
  graceMs?: number;
  /** First signal (default SIGTERM; interactive shells ignore it, so terminals use SIGHUP). */
  signal?: NodeJS.Signals;
}

const POLL_MS = 25;

/** Every live process that belongs to the target: descendants, group, session and marker matches. */
export async function collectTree(target: TreeTarget): Promise<ProcInfo[]> {
  const procs = await listProcs();
  const self = process.pid;
  const members = new Map<number, ProcInfo>();
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const add = (p: ProcInfo): void => {
    if (p.pid === self || p.pid <= 1 || members.has(p.pid)) return;
    members.set(p.pid, p);
    for (const child of children.get(p.pid) ?? []) add(child);
  };
  for (const p of procs) {
    if (p.pid === target.pid) add(p);
    else if (target.pgid && target.pgid > 1 && p.pgid === target.pgid) add(p);
    else if (target.sid && target.sid > 1 && p.sid === target.sid) add(p);
  }
  if (target.marker) {
    const candidates = procs.filter((p) => !members.has(p.pid) && p.pid !== self && p.pid > 1);
    const flags = await Promise.all(candidates.map((p) => hasEnvMarker(p.pid, target.marker!)));
    candidates.forEach((p, i) => {
      if (flags[i]) add(p);
    });
  }
  return [...members.values()];
}

function signal(pids: number[], sig: NodeJS.Signals): number[] {
  const sent: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
      sent.push(pid);
    } catch {
      // ESRCH: it ended between the scan and the signal, which is the outcome we want.
    }
  }
  return sent;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM (or `signal`) to the whole tree, wait up to `graceMs` for it to end, then SIGKILL the rest.
 * Resolves when no member remains (or after a last SIGKILL pass that the OS cannot refuse).
 */
export async function killTree(target: TreeTarget, options: KillOptions = {}): Promise<KillResult> {
  const graceMs = options.graceMs ?? 5000;
  const first = options.signal ?? 'SIGTERM';
  const terminated = new Set<number>();
  const deadline = Date.now() + graceMs;
  let members = await collectTree(target);
  const spared = target.keeper ? target.pid : null;
  while (members.length > 0 && Date.now() < deadline) {
    const fresh = members.map((p) => p.pid).filter((pid) => pid !== spared && !terminated.has(pid));
    for (const pid of signal(fresh, first)) terminated.add(pid);
    await delay(POLL_MS);
    members = await collectTree(target);
  }
  const forced = new Set<number>();
  for (let pass = 0; members.length > 0 && pass < 80; pass += 1) {
    for (const pid of signal(
      members.map((p) => p.pid),
      'SIGKILL',
    ))
      forced.add(pid);
    await delay(POLL_MS);
    members = await collectTree(target);
  }
  return { terminated: [...terminated], forced: [...forced] };
}
