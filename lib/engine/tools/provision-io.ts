// Shared steps of provisioning into bin/: running an installer with its output in the log, and linking into bin/.
import { spawn } from 'node:child_process';
import { lstat, open, rm, symlink } from 'node:fs/promises';
import { UV_SHIM_MARKER } from './uv-shim-source';

export interface StreamOptions {
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Collects stdout instead of logging it (for commands that answer in JSON). */
  captureStdout?: (text: string) => void;
}

/** Runs a command, its output line by line to the log; null on exit 0, else its last output line. */
export function stream(
  file: string,
  args: string[],
  env: Record<string, string>,
  options: StreamOptions,
): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let last = '';
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.map((l) => l.trimEnd()).filter(Boolean)) {
        last = line;
        options.log(`  ${line}`);
      }
    };
    child.stdout.on('data', (chunk: Buffer) =>
      options.captureStdout ? options.captureStdout(chunk.toString('utf8')) : onData(chunk),
    );
    child.stderr.on('data', onData);
    child.on('error', (error) => resolve(error.message));
    child.on('close', (code) => {
      if (pending.trim()) {
        last = pending.trim();
        options.log(`  ${last}`);
      }
      resolve(code === 0 ? null : last || `exit code ${code}`);
    });
  });
}

/** Points `link` at `target`, replacing a stale link or Hangar's own shim, never a file the user put there. */
export async function replaceLink(link: string, target: string): Promise<void> {
  try {
    const stat = await lstat(link);
    if (!stat.isSymbolicLink() && !(await isUvShim(link))) return;
    await rm(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await symlink(target, link);
}

/** Whether `file` is Hangar's pip shim (not a real uv); reads only the file's first bytes. */
export async function isUvShim(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const head = Buffer.alloc(200);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('utf8').includes(UV_SHIM_MARKER);
  } finally {
    await handle.close();
  }
}
