// The cluster's own munged: a fresh key (mode 0400) and a socket under the cluster's dir.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startDaemon, type Daemon } from './daemon';
import { run } from './exec';

export function mungeSocket(dir: string): string {
  return path.join(dir, 'munge', 'munge.sock');
}

/** Starts munged (in the foreground it logs to stderr, kept in log/munged.log); it wants every directory above its socket to be searchable by all (0755). */
export async function startMunged(dir: string): Promise<Daemon> {
  const mungeDir = path.join(dir, 'munge');
  await mkdir(mungeDir, { mode: 0o755 });
  await chmod(mungeDir, 0o755);
  const key = path.join(mungeDir, 'munge.key');
  await writeFile(key, randomBytes(1024), { mode: 0o400 });
  await chmod(key, 0o400);
  return startDaemon(
    'munged',
    'munged',
    [
      '--foreground',
      `--socket=${mungeSocket(dir)}`,
      `--pid-file=${path.join(mungeDir, 'munged.pid')}`,
      `--seed-file=${path.join(mungeDir, 'munged.seed')}`,
      `--key-file=${key}`,
    ],
    path.join(dir, 'log', 'munged.log'),
  );
}

/** True once munged encodes a credential on the cluster's socket (the munge client asks the daemon). */
export async function mungeAnswers(dir: string): Promise<boolean> {
  try {
    await run('munge', ['-n', '-S', mungeSocket(dir)], { timeoutMs: 5000 });
    return true;
  } catch {
    // Not up yet (no socket, or it refuses): the caller polls again.
    return false;
  }
}
