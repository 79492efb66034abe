// Test helper: processes left behind by a test (descendants of this worker, or carrying given markers).
import { readFileSync } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import { listProcs } from '../../lib/engine/processes/proc-table';

/** Live descendants of this test process. */
export async function descendants(root = process.pid): Promise<number[]> {
  const procs = await listProcs();
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const p of procs) {
      if (p.ppid === pid) {
        found.push(p.pid);
        walk(p.pid);
      }
    }
  };
  walk(root);
  return found;
}

/** Live processes whose environment contains `HANGAR_PROC=<token>` for one of `tokens`. */
export async function marked(tokens: string[]): Promise<number[]> {
  const procs = await listProcs();
  const hits: number[] = [];
  for (const p of procs) {
    const env = await readFile(`/proc/${p.pid}/environ`, 'latin1').catch(() => '');
    if (tokens.some((t) => env.includes(`HANGAR_PROC=${t}\0`))) hits.push(p.pid);
  }
  return hits;
}

/** Waits until `check` returns true, polling; throws with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True when the pid runs and is not a zombie (an orphan's zombie may linger until its reaper collects it). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    // ENOENT: the process is gone.
    return false;
  }
}

/** Live processes working in `home` or carrying it in their environment (what a Hangar on that home started). */
export async function underHome(home: string): Promise<number[]> {
  const procs = await listProcs();
  const hits: number[] = [];
  for (const p of procs) {
    if (p.pid === process.pid || p.state === 'Z') continue;
    const cwd = await readlink(`/proc/${p.pid}/cwd`).catch(() => '');
    const env = await readFile(`/proc/${p.pid}/environ`, 'latin1').catch(() => '');
    if (cwd.startsWith(home) || (env.includes('HANGAR_PROC=') && env.includes(home)))
      hits.push(p.pid);
  }
  return hits;
}
