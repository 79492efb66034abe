// Durable writes of the home's state files: a unique temp name beside the target, fsync, rename, fsync of the folder.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { asDiskFull } from './disk-full';

export interface WriteOptions {
  /** Permission bits of the new file (default 0666 less the umask); 0o600 for files holding secrets. */
  mode?: number;
}

let counter = 0;

/** A temp name no other write (in this process or another) can pick: pid, a counter and random bytes. */
function tempName(file: string): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${file}.${process.pid}.${counter}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Replaces `file` with `data` so a reader sees the old content or the new one, never a mix, even after a crash.
 * A failed write removes its temp file and rejects with the error (`disk_full` for a full disk); the target is
 * untouched and the next write starts afresh.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  const tmp = tempName(file);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(tmp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw await asDiskFull(file, error);
  }
  await syncDir(dir);
}

/** Writes `value` as indented JSON (see writeFileAtomic). */
export async function writeJsonAtomic(
  file: string,
  value: unknown,
  options: WriteOptions = {},
): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, options);
}

/** Makes a rename in `dir` durable. Filesystems that cannot sync a folder (EINVAL, EISDIR) have nothing to sync. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}
