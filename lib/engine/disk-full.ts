// A full disk (ENOSPC, or a quota: EDQUOT) as a `disk_full` error naming the path and the bytes still free.
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors';

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** True for an error the operating system raises when a disk or a quota is full. */
export function isDiskFull(error: unknown): boolean {
  return FULL_CODES.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}

/** Bytes free to an unprivileged writer and the size of a filesystem. */
export interface DiskSpace {
  free: number;
  size: number;
}

/** Free and total bytes of the disk holding `file` (its nearest existing folder); null when unknown. */
export async function diskSpace(file: string): Promise<DiskSpace | null> {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    try {
      const s = await statfs(dir);
      return { free: s.bavail * s.bsize, size: s.blocks * s.bsize };
    } catch (error) {
      const parent = path.dirname(dir);
      // Only a folder missing on the way is worth walking up from; anything else means the size is unknown.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) return null;
      dir = parent;
    }
  }
}

/** Bytes an unprivileged writer may still use on the disk holding `file` (its nearest existing folder); null when unknown. */
export async function freeBytes(file: string): Promise<number | null> {
  return (await diskSpace(file))?.free ?? null;
}

/** The `disk_full` error for a failed write of `file`. */
export async function diskFullError(file: string, cause: unknown): Promise<EngineError> {
  const free = await freeBytes(file);
  const room = free === null ? 'free space unknown' : `${free} bytes free`;
  return new EngineError(
    'disk_full',
    `No space left on the disk to write ${file} (${room}). Free some space and try again.`,
    {
      details: { path: file, freeBytes: free },
      cause,
    },
  );
}

/** `error` as a `disk_full` error when it is one, else unchanged. */
export async function asDiskFull(file: string, error: unknown): Promise<unknown> {
  return isDiskFull(error) ? diskFullError(file, error) : error;
}
