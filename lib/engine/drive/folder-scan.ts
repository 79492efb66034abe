// Walks a user's models folder for model files: follows symlinks once, never loops, never writes.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { isModelFile } from './catalogue';

export interface FoundFile {
  /** Path as found under the folder (links not resolved). */
  path: string;
  /** Path relative to the folder, with `/` separators (kinds are guessed from it). */
  rel: string;
  size: number;
}

/** Checks that `dir` exists and is a directory (after links); returns its real path. */
export async function checkFolder(dir: string): Promise<string> {
  if (!path.isAbsolute(dir))
    throw new EngineError('invalid_params', `${dir}: give an absolute path to a folder`);
  const st = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    throw new EngineError(
      'not_found',
      error.code === 'ELOOP'
        ? `${dir}: a symlink loop, not a folder`
        : `${dir}: no such folder (${error.code ?? error.message})`,
    );
  });
  if (!st.isDirectory()) throw new EngineError('invalid_params', `${dir}: not a folder`);
  return realpath(dir);
}

/** Model files under `root` (by extension, or every file when `all`); each real file and folder once. */
export async function scanModelFolder(
  root: string,
  options: { all?: (rel: string) => boolean; skipDirs?: (rel: string) => boolean } = {},
): Promise<FoundFile[]> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const found: FoundFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const real = await realpath(dir).catch(() => null);
    if (!real || seenDirs.has(real)) return;
    seenDirs.add(real);
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      // A subfolder the user cannot read is left out; the folder itself must be readable.
      if (rel !== '' && (error.code === 'EACCES' || error.code === 'EPERM')) return [];
      throw error;
    });
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const full = path.join(dir, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = await statFollowing(full);
      if (!st) continue;
      if (st.isDirectory()) {
        if (!options.skipDirs?.(childRel)) await walk(full, childRel);
        continue;
      }
      if (!st.isFile() || st.size === 0) continue;
      if (!isModelFile(name) && !options.all?.(childRel)) continue;
      const key = `${st.dev}:${st.ino}`;
      if (seenFiles.has(key)) continue;
      seenFiles.add(key);
      found.push({ path: full, rel: childRel, size: st.size });
    }
  };
  await walk(root, '');
  return found;
}

/** stat through links; a dangling link or a link loop is skipped (null). */
async function statFollowing(file: string) {
  const l = await lstat(file).catch(() => null);
  if (!l) return null;
  if (!l.isSymbolicLink()) return l;
  return stat(file).catch(() => null);
}
