// A real small disk for the full-disk drills: a tmpfs mounted in a temp folder (needs root, as CI runs), and filler files.
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, rmdir, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Mounts a tmpfs of `mib` MiB and unmounts it after the test file; fails clearly when not root. */
export async function mountTmpfs(mib: number): Promise<string> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the full-disk drills mount a real tmpfs and must run as root (CI does): run them with sudo',
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', dir]);
  afterAll(async () => {
    execFileSync('umount', [dir]);
    await rmdir(dir);
  });
  return dir;
}

export async function freeBytesOf(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** Writes `file` until the disk has at most `leave` bytes free (0: until the disk refuses a byte). */
export async function fillDisk(file: string, leave = 0): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      const room = (await freeBytesOf(path.dirname(file))) - leave;
      if (room <= 0) return;
      await handle.write(chunk, 0, Math.min(chunk.length, room));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

/** Removes a filler file, giving its space back. */
export async function freeDisk(file: string): Promise<void> {
  await rm(file, { force: true });
}
