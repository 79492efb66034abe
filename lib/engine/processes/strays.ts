// What a dead Hangar left running that no record names: found by the owner marker every child of this home carries.
import { stat } from 'node:fs/promises';
import { killTree } from './kill-tree';
import { MARKER_ENV, OWNER_ENV } from './markers';
import { hasEnvMarker, listProcs } from './proc-table';

/** Size of a file in bytes, 0 when it is missing. */
export async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => null))?.size ?? 0;
}

/**
 * Stops every process carrying `HANGAR_OWNER=<home>` whose `HANGAR_PROC` token is not among `keep` (the adopted
 * daemons): install steps, terminals, and anything a corrupt or missing record file no longer names.
 */
export async function stopStrays(
  home: string,
  keep: ReadonlySet<string>,
  graceMs: number,
): Promise<number[]> {
  const owner = `${OWNER_ENV}=${home}`;
  const stopped: number[] = [];
  for (const proc of await listProcs()) {
    if (proc.pid === process.pid || proc.state === 'Z') continue;
    if (!(await hasEnvMarker(proc.pid, owner))) continue;
    let adopted = false;
    for (const token of keep)
      if (await hasEnvMarker(proc.pid, `${MARKER_ENV}=${token}`)) adopted = true;
    if (adopted) continue;
    const result = await killTree({ pid: proc.pid }, { graceMs });
    stopped.push(...result.terminated, ...result.forced);
  }
  return [...new Set(stopped)];
}
