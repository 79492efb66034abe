// Moves a file or folder into place, merging folders; never deletes a file it could not place.
import { cp, lstat, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface MoveMergeOptions {
  /** Replace files that exist at the destination (archives), or keep both (user data). */
  overwrite: boolean;
}

export interface MoveMergeReport {
  moved: number;
  /** Source files kept beside their destination under a new name because the name was taken. */
  conflicts: string[];
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

async function isDir(p: string): Promise<boolean> {
  // stat follows symlinks: a link to a folder (a drive route) merges like a folder.
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function moveRaw(src: string, dest: string): Promise<void> {
  try {
    await rename(src, dest);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(src, dest, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    await rm(src, { recursive: true, force: true });
  }
}

async function freeName(dest: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = `${dest}.hangar-${i}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/** Moves `src` to `dest`. Folders merge; clashing files follow `overwrite`. Returns what happened. */
export async function moveMerge(
  src: string,
  dest: string,
  options: MoveMergeOptions,
  report: MoveMergeReport = { moved: 0, conflicts: [] },
): Promise<MoveMergeReport> {
  const srcStat = await lstat(src);
  if (!(await exists(dest))) {
    await moveRaw(src, dest);
    report.moved += 1;
    return report;
  }
  if (srcStat.isDirectory() && (await isDir(dest))) {
    for (const name of await readdir(src))
      await moveMerge(path.join(src, name), path.join(dest, name), options, report);
    await rmdir(src);
    return report;
  }
  if (options.overwrite) {
    if (await isDir(dest)) await rm(dest, { recursive: true, force: true });
    await moveRaw(src, dest);
    report.moved += 1;
    return report;
  }
  const kept = await freeName(dest);
  await moveRaw(src, kept);
  report.conflicts.push(kept);
  return report;
}
