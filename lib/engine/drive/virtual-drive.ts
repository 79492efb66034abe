// Pinokio's `fs.link` drive mode: shared route folders under drive/drives, recorded in drives.json.
import { lstat, mkdir, readFile, readdir, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { writeJsonAtomic } from '../home';
import { moveMerge } from '../downloads/move-merge';

/** `drives.json`: `{ gitUrl: { route: absoluteDrivePath } }`, as Pinokio writes it. */
export type DrivesJson = Record<string, Record<string, string>>;

export interface LinkRoutesOptions {
  driveRoot: string;
  /** Link paths must stay inside this folder. */
  appDir: string;
  /** Relative link paths resolve against this folder (default `appDir`). */
  baseDir?: string;
  /** Identity of this app: its git remote URL (Pinokio's key), or a stand-in when it has none. */
  selfUrl: string;
  drive: Record<string, string | string[]>;
  peers?: string[];
  /** Clock for new drive folder names (`d<ms>`). */
  now?: () => number;
}

export interface LinkedRoute {
  route: string;
  drivePath: string;
  links: string[];
  /** Files kept under a new name because the drive already had one with that name. */
  conflicts: string[];
}

export async function readDrivesJson(driveRoot: string): Promise<DrivesJson> {
  try {
    return JSON.parse(await readFile(path.join(driveRoot, 'drives.json'), 'utf8')) as DrivesJson;
  } catch (error) {
    // No drives recorded yet (or an unreadable file, which is then rewritten from what is linked now).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return {};
    throw error;
  }
}

/** Reads `remote "origin"` (or the first remote) url from `<dir>/.git/config`. */
export async function gitRemoteUrl(dir: string): Promise<string | null> {
  const text = await readFile(path.join(dir, '.git', 'config'), 'utf8').catch(() => null);
  if (!text) return null;
  const sections = text.split(/^\[/m);
  const remotes = sections.filter((s) => s.startsWith('remote '));
  const origin = remotes.find((s) => s.startsWith('remote "origin"')) ?? remotes[0];
  return origin ? (/^\s*url\s*=\s*(.+)$/m.exec(origin)?.[1].trim() ?? null) : null;
}

function resolveDrivePath(driveRoot: string, value: string): string {
  return path.isAbsolute(value) ? value : path.resolve(driveRoot, value);
}

/** Finds the drive folder for a route: this app's, a peer's, a peer's drive name, or a new one. */
function pickDrivePath(
  json: DrivesJson,
  urls: string[],
  route: string,
  driveRoot: string,
  now: () => number,
): string {
  for (const url of urls) {
    const known = json[url]?.[route];
    if (known) return resolveDrivePath(driveRoot, known);
  }
  for (const url of urls) {
    for (const existing of Object.values(json[url] ?? {})) {
      const name = path.basename(path.dirname(resolveDrivePath(driveRoot, existing)));
      if (/^d\d+$/.test(name)) return path.join(driveRoot, 'drives', 'peers', name, route);
    }
  }
  return path.join(driveRoot, 'drives', 'peers', `d${now()}`, route);
}

/**
 * Links each app folder named in `drive` to a shared drive folder. Existing contents are moved
 * (merged) into the drive first, never deleted; a path that is already a symlink is left alone.
 */
export async function linkRoutes(options: LinkRoutesOptions): Promise<LinkedRoute[]> {
  const now = options.now ?? Date.now;
  const json = await readDrivesJson(options.driveRoot);
  const urls = [options.selfUrl, ...(options.peers ?? [])];
  const results: LinkedRoute[] = [];
  for (const [route, value] of Object.entries(options.drive)) {
    if (!/^[\w.-]+$/.test(route) || route.startsWith('.')) {
      throw new EngineError(
        'invalid_params',
        `fs.link drive route "${route}" must be a simple name`,
      );
    }
    const drivePath = pickDrivePath(json, urls, route, options.driveRoot, now);
    await mkdir(drivePath, { recursive: true });
    const result: LinkedRoute = { route, drivePath, links: [], conflicts: [] };
    for (const rel of Array.isArray(value) ? value : [value]) {
      // Pinokio skips absolute and dot-prefixed link paths.
      if (
        typeof rel !== 'string' ||
        rel.length === 0 ||
        path.isAbsolute(rel) ||
        rel.startsWith('.')
      )
        continue;
      const linkPath = path.resolve(options.baseDir ?? options.appDir, rel);
      if (path.relative(options.appDir, linkPath).startsWith('..')) {
        throw new EngineError('path_escape', `fs.link path "${rel}" leaves the app folder`);
      }
      const existing = await lstat(linkPath).catch(() => null);
      if (existing?.isSymbolicLink()) continue;
      if (existing?.isDirectory()) {
        for (const name of await readdir(linkPath)) {
          const report = await moveMerge(path.join(linkPath, name), path.join(drivePath, name), {
            overwrite: false,
          });
          result.conflicts.push(...report.conflicts);
        }
        await rmdir(linkPath);
      } else if (existing) {
        throw new EngineError(
          'conflict',
          `fs.link cannot link "${rel}": it is a file, not a folder`,
        );
      }
      await mkdir(path.dirname(linkPath), { recursive: true });
      await symlink(drivePath, linkPath, 'dir');
      result.links.push(linkPath);
    }
    for (const url of urls) {
      json[url] ??= {};
      json[url][route] ??= drivePath;
    }
    results.push(result);
  }
  await writeJsonAtomic(path.join(options.driveRoot, 'drives.json'), json);
  return results;
}
