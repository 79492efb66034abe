// A file already at a launcher's `local-dir` path (an earlier install) becomes the cache blob when its hash matches.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { HfFileEntry } from '../../downloads';
import type { StepContext } from '../types';
import type { DownloadServices } from './services';

/** sha256 of the bytes, or git's blob sha1 (`blob <size>\0` + bytes) when `git` is set. */
async function hashFile(file: string, size: number, git: boolean): Promise<string> {
  const hash = createHash(git ? 'sha1' : 'sha256');
  if (git) hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * When `dest` holds exactly the file the Hub names (same sha256 for LFS, same git blob id otherwise), it
 * becomes the cache blob (through the drive for LFS) instead of being downloaded again. True when adopted.
 */
export async function adoptIntoCache(
  ctx: StepContext,
  services: DownloadServices,
  entry: HfFileEntry & { etag: string },
  dest: string,
  blob: string,
  url: string,
): Promise<boolean> {
  const st = await lstat(dest).catch(() => null);
  if (!st?.isFile() || (entry.size !== null && st.size !== entry.size)) return false;
  const actual = await hashFile(dest, st.size, entry.sha256 === null);
  if (actual !== entry.etag) return false;
  await mkdir(path.dirname(blob), { recursive: true });
  if (entry.sha256) {
    const { entry: stored } = await services.drive.adopt(dest, { sha256: entry.sha256, url });
    await services.drive.materialize(stored, blob, url);
  } else {
    await link(dest, blob).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV' && error.code !== 'EPERM') throw error;
      return copyFile(dest, blob);
    });
  }
  ctx.log(
    `${path.basename(dest)}: already here with the Hub's hash, kept as the cache's copy\r\n`,
    'info',
  );
  return true;
}
