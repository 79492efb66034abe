// Apps copied from a folder (a bundled catalog launcher, a launcher folder on this machine) get a git history of their
// own: the copied launcher files are committed in the app's folder, an update copies the folder's files again and
// commits what changed, and rollback returns to an earlier commit as it does for a clone. Only the launcher's files are
// tracked; what the app makes (venvs, models, outputs) stays untracked, so neither update nor rollback touches it.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, lstat, readFile, readdir, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../errors';
import { isInside } from '../script/safe-path';
import { isCopiedFolder, type AppSource } from '../../shared/app';
import { gitClient } from './app-source';
import type { Catalog } from './catalog';

/** The folder an app copied from a folder updates from: a bundled launcher where this Hangar ships it now. */
export async function launcherFolderOf(
  catalog: Catalog,
  source: AppSource,
): Promise<string | null> {
  if (!isCopiedFolder(source)) return null;
  const entry = source.catalogId ? await catalog.get(source.catalogId) : undefined;
  return entry ? catalog.sourceOf(entry) : source.location;
}

/** Folders a launcher copy leaves out (as the install's copy does). */
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * Python environments and caches a folder copied from an installed app may hold are the app's own: neither tracked
 * nor copied by an update. Files over TRACKED_MAX_BYTES (weights, archives) are copied but not tracked: the history
 * would double them on disk and hash them for long. Launcher files are scripts and small assets.
 */
const UNTRACKED_DIRS = new Set(['env', 'venv', '.venv', '__pycache__']);
const TRACKED_MAX_BYTES = 8 * 1024 * 1024;

async function trackable(dir: string, file: string): Promise<boolean> {
  const info = await lstat(path.join(dir, file)).catch(() => null);
  return info !== null && info.size <= TRACKED_MAX_BYTES;
}

const AUTHOR = ['-c', 'user.name=Hangar', '-c', 'user.email=hangar@localhost'];

/** The launcher files of a folder, relative and with `/`, leaving out .git, node_modules and environments at any depth. */
export async function folderFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !UNTRACKED_DIRS.has(entry.name)) await walk(child);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(child);
      }
    }
  };
  await walk('');
  return files.sort();
}

/** Stages these paths (any number: they go to git through a file, not the command line). */
async function addPaths(dir: string, files: string[]): Promise<void> {
  const tracked = [];
  for (const file of files) if (await trackable(dir, file)) tracked.push(file);
  if (tracked.length === 0) return;
  const list = path.join(os.tmpdir(), `hangar-paths-${randomUUID()}`);
  await writeFile(list, `${tracked.join('\0')}\0`, { mode: 0o600 });
  try {
    await gitClient(dir).raw([
      'add',
      '--force',
      `--pathspec-from-file=${list}`,
      '--pathspec-file-nul',
    ]);
  } finally {
    await rm(list, { force: true });
  }
}

/** Commits what is staged (the first commit even when nothing is); the commit HEAD is at after. */
async function commitStaged(dir: string, message: string, first = false): Promise<string> {
  const git = gitClient(dir);
  const staged = (await git.raw(['diff', '--cached', '--name-only'])).trim();
  if (staged || first)
    await git.raw([...AUTHOR, 'commit', '--quiet', '--allow-empty', '-m', message]);
  return (await git.revparse(['HEAD'])).trim();
}

/**
 * Starts the history of an app folder that has none with the launcher files in it: all of a fresh copy, or (for an
 * app copied before Hangar kept a history) the files the source folder has that the app folder has too. Returns the
 * commit.
 */
export async function startHistory(dir: string, from: string, files?: string[]): Promise<string> {
  await gitClient(dir).raw(['init', '--quiet', '-b', 'main']);
  await trackItself(dir);
  await addPaths(dir, files ?? (await folderFiles(dir)));
  return commitStaged(dir, `Launcher copied from ${from}`, true);
}

/**
 * The history's branch follows itself (remote `.`, git's name for the repository itself): a launcher's update script
 * begins with `git pull` in its folder, which for a copy has nothing to pull. Without an upstream git refuses
 * ("There is no tracking information"); this way it says "Already up to date", as it would for a fresh clone, and the
 * update script goes on. Hangar's Update has brought the folder's files already.
 */
async function trackItself(dir: string): Promise<void> {
  const git = gitClient(dir);
  const branch = (await git.raw(['symbolic-ref', '--short', 'HEAD'])).trim();
  await git.raw(['config', `branch.${branch}.remote`, '.']);
  await git.raw(['config', `branch.${branch}.merge`, `refs/heads/${branch}`]);
}

/** The commit an existing history is at; one started before its branch followed itself gets that now. */
async function continueHistory(dir: string): Promise<string> {
  await trackItself(dir);
  return (await gitClient(dir).revparse(['HEAD'])).trim();
}

/**
 * Commits edits made by hand to the app's launcher files (an update copies the launcher over them; a rollback resets
 * to a commit): they become a commit of their own, which the update records as the generation to roll back to.
 * Returns the commit the app is at then.
 */
export async function keepHandEdits(dir: string): Promise<string> {
  await gitClient(dir).raw(['add', '--update']);
  return commitStaged(dir, 'Launcher files edited in the app folder');
}

/**
 * Copies the source folder's launcher files over the app's (removing the tracked ones the folder no longer has) and
 * commits the change. Returns the commit before and after; they are equal when nothing changed.
 */
export async function refreshFromFolder(
  dir: string,
  from: string,
): Promise<{ before: string; after: string }> {
  if (!(await lstat(from).catch(() => null))?.isDirectory())
    throw new EngineError(
      'not_found',
      `the folder this app was copied from is gone: ${from}; install it again from where its launcher is now`,
      { details: { source: from } },
    );
  const files = await folderFiles(from);
  const before = existsSync(path.join(dir, '.git'))
    ? await continueHistory(dir)
    : await startHistory(dir, from, files);
  const wanted = new Set(files);
  const tracked = (await gitClient(dir).raw(['ls-files', '-z'])).split('\0').filter(Boolean);
  const root = await realpath(dir);
  for (const file of tracked)
    if (!wanted.has(file))
      await rm(await contained(root, dir, file), { force: true, recursive: true });
  for (const file of files)
    await cp(path.join(from, file), await contained(root, dir, file), {
      force: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
    });
  await addPaths(dir, files);
  await gitClient(dir).raw(['add', '--update']);
  const after = await commitStaged(dir, `Launcher updated from ${from}`);
  return { before, after };
}

/** The app-folder path of a launcher file, refused when a link the app made leads its folder outside the app's. */
async function contained(root: string, dir: string, file: string): Promise<string> {
  const target = path.join(dir, file);
  let parent = path.dirname(target);
  for (;;) {
    const real = await realpath(parent).catch(() => null);
    if (real !== null) {
      if (isInside(real, root)) return target;
      throw new EngineError(
        'forbidden',
        `${file} of the launcher would be written through a link that leaves the app's folder (${real})`,
        { details: { file } },
      );
    }
    parent = path.dirname(parent);
  }
}

/** Git's blob id of a file as it is (a link's target for a symlink), as `git hash-object` gives it. */
async function blobId(file: string): Promise<string> {
  const info = await lstat(file);
  const body = info.isSymbolicLink() ? Buffer.from(await readlink(file)) : await readFile(file);
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** What an update from the folder would change: "<file> changed", "<file> added" or "<file> removed", by file name. */
export async function folderChanges(dir: string, from: string): Promise<string[]> {
  if (!(await lstat(from).catch(() => null))?.isDirectory())
    throw new EngineError('not_found', `the folder this app was copied from is gone: ${from}`, {
      details: { source: from },
    });
  const tree = new Map<string, string>();
  for (const line of (await gitClient(dir).raw(['ls-tree', '-r', '-z', 'HEAD'])).split('\0')) {
    const tab = line.indexOf('\t');
    if (tab > 0) tree.set(line.slice(tab + 1), line.slice(0, tab).split(' ')[2]);
  }
  const changes: string[] = [];
  const files = await folderFiles(from);
  for (const file of files) {
    if (!(await trackable(from, file))) {
      const change = await bigFileChange(dir, from, file);
      if (change) changes.push(`${file} ${change}`);
      continue;
    }
    const known = tree.get(file);
    if (known === undefined) changes.push(`${file} added`);
    else if (known !== (await blobId(path.join(from, file)))) changes.push(`${file} changed`);
  }
  const present = new Set(files);
  for (const file of tree.keys()) if (!present.has(file)) changes.push(`${file} removed`);
  return changes.sort();
}

/**
 * Copies keep their file times, and setting a time rounds it to the millisecond: within this, two times are the same.
 */
const MTIME_SLACK_MS = 2;

/**
 * Whether a file over the size kept in the history differs from the app's copy, told by its size and modification
 * time (its copy keeps the folder's time) instead of reading gigabytes of weights at each check.
 */
async function bigFileChange(dir: string, from: string, file: string): Promise<string | null> {
  const copy = await lstat(path.join(dir, file)).catch(() => null);
  if (copy === null) return 'added';
  const source = await lstat(path.join(from, file));
  const sameTime = Math.abs(copy.mtimeMs - source.mtimeMs) <= MTIME_SLACK_MS;
  return copy.size === source.size && sameTime ? null : 'changed';
}
