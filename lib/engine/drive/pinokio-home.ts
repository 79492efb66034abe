// Reads an existing Pinokio home without writing to it: its apps, its drive folders and drives.json.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { checkFolder } from './folder-scan';
import { readDrivesJson, type DrivesJson } from './virtual-drive';

export interface PinokioApp {
  /** Folder name under api/ (`name` or `name.git`). */
  folder: string;
  title: string | null;
  path: string;
}

export interface PinokioDriveFolder {
  /** Path relative to the Pinokio home (`drive/drives/peers/d…/<route>`). */
  path: string;
  route: string;
  /** Git URLs of the apps drives.json records for it. */
  apps: string[];
}

export interface PinokioHome {
  root: string;
  apps: PinokioApp[];
  drives: PinokioDriveFolder[];
  drivesJson: DrivesJson;
  /** Folders an import of this home reads (apps, drive folders, the HF cache). */
  importFolders: string[];
}

/** Folders inside apps that never hold models worth importing (environments, sources of packages). */
export const NOT_MODELS =
  /(^|\/)(\.git|env|venv|\.venv|node_modules|site-packages|__pycache__|\.locks|blobs)$/;

export async function readPinokioHome(dir: string): Promise<PinokioHome> {
  const root = await checkFolder(dir);
  const api = path.join(root, 'api');
  const isDir = (p: string) =>
    stat(p).then(
      (s) => s.isDirectory(),
      () => false,
    );
  if (!(await isDir(api)))
    throw new EngineError('invalid_params', `${dir}: not a Pinokio home (it has no api/ folder)`);
  const apps: PinokioApp[] = [];
  for (const folder of (await readdir(api)).sort()) {
    const full = path.join(api, folder);
    if (folder.startsWith('.') || !(await isDir(full))) continue;
    apps.push({ folder, title: await titleOf(full), path: full });
  }
  const driveRoot = path.join(root, 'drive');
  const drivesJson = await readDrivesJson(driveRoot);
  const owners = new Map<string, string[]>();
  for (const [url, routes] of Object.entries(drivesJson))
    for (const target of Object.values(routes)) {
      const abs = path.resolve(driveRoot, target);
      owners.set(abs, [...(owners.get(abs) ?? []), url]);
    }
  const drives: PinokioDriveFolder[] = [];
  const peers = path.join(driveRoot, 'drives', 'peers');
  for (const d of (await readdir(peers).catch(() => [] as string[])).sort())
    for (const route of (await readdir(path.join(peers, d)).catch(() => [] as string[])).sort()) {
      const abs = path.join(peers, d, route);
      if (!(await isDir(abs))) continue;
      drives.push({
        path: path.relative(root, abs).split(path.sep).join('/'),
        route,
        apps: owners.get(abs) ?? [],
      });
    }
  const importFolders = [api, path.join(driveRoot, 'drives'), path.join(root, 'cache', 'HF_HOME')];
  const present: string[] = [];
  for (const f of importFolders) if (await isDir(f)) present.push(f);
  return { root, apps, drives, drivesJson, importFolders: present };
}

/** An app's title from pinokio.js (`title: "…"`) or package.json, read cheaply without running code. */
async function titleOf(appDir: string): Promise<string | null> {
  const js = await readFile(path.join(appDir, 'pinokio.js'), 'utf8').catch(() => null);
  const fromJs = js ? /\btitle\s*:\s*(["'`])([^"'`\n]{1,200})\1/.exec(js)?.[2] : undefined;
  if (fromJs) return fromJs;
  const pkg = await readFile(path.join(appDir, 'package.json'), 'utf8').catch(() => null);
  if (!pkg) return null;
  try {
    const name = (JSON.parse(pkg) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    // A package.json that is not JSON gives no title.
    return null;
  }
}
