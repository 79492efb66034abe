// Reads the Linux process table from /proc: pid, parent, group, session, start time, state.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks since boot: with the pid it identifies one process across pid reuse. */
  startTime: number;
  /** One-letter state (R, S, Z, …). Zombies count as gone. */
  state: string;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function parseStat(text: string): ProcInfo | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number.parseInt(text, 10);
  const rest = text.slice(close + 2).split(' ');
  // Fields after the name: state(3) ppid(4) pgrp(5) session(6) … starttime(22).
  return {
    pid,
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    pgid: Number(rest[2]),
    sid: Number(rest[3]),
    startTime: Number(rest[19]),
  };
}

export async function readProc(pid: number): Promise<ProcInfo | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // The process is gone (ENOENT/ESRCH): report absence.
    return null;
  }
}

/** readProc without waiting (right after a spawn, for the record written next). */
export function readProcSync(pid: number): ProcInfo | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // The process is gone already: report absence.
    return null;
  }
}

/** Snapshot of all live (non-zombie) processes. */
export async function listProcs(): Promise<ProcInfo[]> {
  const names = await readdir('/proc');
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const infos = await Promise.all(pids.map(readProc));
  return infos.filter((p): p is ProcInfo => p !== null && p.state !== 'Z' && p.state !== 'X');
}

/** True when the process carries `KEY=value` in its initial environment. */
export async function hasEnvMarker(pid: number, entry: string): Promise<boolean> {
  try {
    const env = await readFile(`/proc/${pid}/environ`);
    return (
      env.includes(Buffer.from(`\0${entry}\0`)) ||
      env.subarray(0, entry.length + 1).equals(Buffer.from(`${entry}\0`))
    );
  } catch {
    // Other users' processes (EACCES) or a process that just ended: not ours.
    return false;
  }
}

/** True when the pid is alive and not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  const info = await readProc(pid);
  return info !== null && info.state !== 'Z' && info.state !== 'X';
}
