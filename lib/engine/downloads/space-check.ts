// The disk-space check before a download of known size: fail with `disk_full` before writing a byte.
import { diskSpace, type DiskSpace } from '../disk-full';
import { EngineError } from '../errors';

const MiB = 1 << 20;

/** Space kept free after a download: 64 MiB, or 2% of a smaller disk (so a small disk stays usable). */
export function spaceMargin(diskSize: number): number {
  return Math.min(64 * MiB, Math.floor(diskSize * 0.02));
}

function sized(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

/**
 * Throws `disk_full` when writing `needed` more bytes to `file` would leave less than the margin free on
 * its disk. `space` is the disk's reading (null when unknown: then nothing is checked).
 */
export function ensureSpace(file: string, needed: number, space: DiskSpace | null): void {
  if (!space || needed <= 0) return;
  const margin = spaceMargin(space.size);
  if (needed + margin <= space.free) return;
  throw new EngineError(
    'disk_full',
    `Not enough disk space to download ${file}: it needs ${sized(needed)} plus ${sized(margin)} kept free, and its disk has ${sized(space.free)} free. Free some space and try again.`,
    {
      details: { path: file, neededBytes: needed, freeBytes: space.free, marginBytes: margin },
    },
  );
}

/** Reads the free space of `file`'s disk and checks `needed` bytes fit (see `ensureSpace`). */
export async function checkSpace(
  file: string,
  needed: number,
  read: (file: string) => Promise<DiskSpace | null> = diskSpace,
): Promise<void> {
  if (needed <= 0) return;
  ensureSpace(file, needed, await read(file));
}
