// Chooses how a blob appears at a path: a hardlink when the filesystem allows it, else a symlink, else a copy.
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type LinkMode = 'hardlink' | 'symlink' | 'copy';

const cache = new Map<string, LinkMode>();

async function deviceOf(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  return (await stat(dir)).dev;
}

/** Probes (once per pair of devices) whether files in `fromDir` can be hardlinked or symlinked into `toDir`. */
export async function probeLinkMode(fromDir: string, toDir: string): Promise<LinkMode> {
  const key = `${await deviceOf(fromDir)}:${await deviceOf(toDir)}`;
  const known = cache.get(key);
  if (known) return known;
  const tag = randomBytes(6).toString('hex');
  const source = path.join(fromDir, `.hangar-probe-${tag}`);
  const target = path.join(toDir, `.hangar-probe-${tag}`);
  let mode: LinkMode = 'copy';
  await writeFile(source, 'probe');
  try {
    for (const candidate of ['hardlink', 'symlink'] as const) {
      try {
        if (candidate === 'hardlink') await link(source, target);
        else await symlink(source, target);
        mode = candidate;
        break;
      } catch (error) {
        // EXDEV, EPERM, ENOTSUP…: this kind of link is not possible here; try the next one.
        if (!(error as NodeJS.ErrnoException).code) throw error;
      }
    }
  } finally {
    await rm(target, { force: true });
    await rm(source, { force: true });
  }
  cache.set(key, mode);
  return mode;
}

/** Makes `dest` show the blob's bytes using `mode`. `dest` must not exist. */
export async function placeBlob(blob: string, dest: string, mode: LinkMode): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  if (mode === 'hardlink') await link(blob, dest);
  else if (mode === 'symlink') await symlink(blob, dest);
  else await copyFile(blob, dest);
}
