// A synchronous durable write, for the one state file that must be on disk before the next line runs: the process
// records, written before a spawn (see process-records.ts). Same steps as state-file.ts: unique temp name, fsync,
// rename, fsync of the folder.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statfsSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { isDiskFull } from '../disk-full';
import { EngineError } from '../errors';

let counter = 0;

/** Replaces `file` with `value` as JSON; a reader sees the old content or the new one, never a mix. */
export function writeJsonAtomicSync(file: string, value: unknown): void {
  const dir = path.dirname(file);
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  const tmp = `${file}.${process.pid}.${counter}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw isDiskFull(error) ? diskFull(file, error) : error;
  }
  syncDir(dir);
}

function diskFull(file: string, cause: unknown): EngineError {
  let free: number | null = null;
  try {
    const s = statfsSync(path.dirname(file));
    free = s.bavail * s.bsize;
  } catch {
    // The size is unknown; the message says so.
  }
  const room = free === null ? 'free space unknown' : `${free} bytes free`;
  return new EngineError(
    'disk_full',
    `No space left on the disk to write ${file} (${room}). Free some space and try again.`,
    { details: { path: file, freeBytes: free }, cause },
  );
}

/** Makes the rename durable; filesystems that cannot sync a folder have nothing to sync. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'ENOTSUP') throw error;
  } finally {
    closeSync(fd);
  }
}
