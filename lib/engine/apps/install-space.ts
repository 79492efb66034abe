// The disk-space estimate before an install: what the catalog says the app needs, against what the home's disk has
// free; too little is refused as `disk_full` unless the install is forced.
import { diskSpace } from '../disk-full';
import { EngineError } from '../errors';
import type { CatalogEntry } from '../../shared/catalog';
import { formatBytes } from '../../shared/format';

const GB = 1e9;

export interface InstallSpace {
  /** What the catalog says the app needs (GB), or null when it does not say. */
  diskGb: number | null;
  /** Bytes free on the disk of the home's apps folder, or null when unknown. */
  freeBytes: number | null;
  /** False only when both are known and the estimate does not fit. */
  enough: boolean;
}

/** The estimate for `entry` (null: no catalog entry) against the free space where apps are installed. */
export async function installSpace(
  appsDir: string,
  entry: Pick<CatalogEntry, 'diskGb'> | null,
): Promise<InstallSpace> {
  const diskGb = entry?.diskGb ?? null;
  const freeBytes = (await diskSpace(appsDir))?.free ?? null;
  const enough = diskGb === null || freeBytes === null || diskGb * GB <= freeBytes;
  return { diskGb, freeBytes, enough };
}

/** Throws `disk_full` when the catalog's estimate for the app is more than the free space (see `installSpace`). */
export async function checkInstallSpace(
  appsDir: string,
  entry: Pick<CatalogEntry, 'diskGb' | 'title'> | null,
): Promise<void> {
  const space = await installSpace(appsDir, entry);
  if (space.enough || space.diskGb === null || space.freeBytes === null) return;
  throw new EngineError(
    'disk_full',
    `${entry?.title ?? 'This app'} needs about ${space.diskGb} GB of disk and ${appsDir} has ${formatBytes(space.freeBytes)} free. Free some space and try again, or install anyway (force).`,
    {
      details: {
        path: appsDir,
        neededBytes: Math.round(space.diskGb * GB),
        freeBytes: space.freeBytes,
        canForce: true,
      },
    },
  );
}
