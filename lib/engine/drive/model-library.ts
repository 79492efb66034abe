// The library the Models page shows: drive blobs and HF cache repos by kind, the apps using them, the disk.
import { lstat, readlink, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { blobEntry, type BlobEntry } from './catalogue';
import type { Drive } from './drive';
import { removeHfRepo, scanHfCache, type HfRepo } from './hf-cache-scan';

export type LibraryKind =
  'checkpoint' | 'lora' | 'vae' | 'embedding' | 'gguf' | 'diffusers' | 'hf-repo' | 'other';

export interface LibraryItem {
  /** `sha256:<hex>` for a drive blob, `hf:<type>/<org/name>` for an HF cache repo. */
  id: string;
  kind: LibraryKind;
  name: string;
  size: number;
  sha256: string | null;
  urls: string[];
  /** Apps whose folders link to the item. */
  apps: string[];
  /** Paths relative to the home (`api/<app>/…`, `drive/models/…`). */
  refs: string[];
  humanPath: string | null;
  /** A user's own files the item was imported from (never changed by Hangar). */
  origins: string[];
  /** Whether the bytes sit in the drive's store (false: only the external original holds them). */
  stored: boolean;
  revisions?: HfRepo['revisions'];
  addedAt: number;
}

export interface DiskInfo {
  path: string;
  totalBytes: number;
  freeBytes: number;
  usedBytes: number;
}

export interface Library {
  items: LibraryItem[];
  disk: DiskInfo;
  storedBytes: number;
  /** Bytes that separate copies per app would have cost on top of what is stored. */
  savedBytes: number;
}

export interface ModelLibraryOptions {
  drive: Drive;
  homeRoot: string;
  /** The shared huggingface_hub cache (`<HF_HOME>/hub`). */
  hfHub: string;
  /** Names of the apps running now (or starting/stopping). */
  runningApps: () => Promise<string[]>;
}

export function appOfRef(ref: string): string | null {
  return /^api\/([^/]+)\//.exec(ref)?.[1]?.replace(/\.git$/, '') ?? null;
}

export class ModelLibrary {
  constructor(private readonly options: ModelLibraryOptions) {}

  async list(): Promise<Library> {
    const { drive, homeRoot } = this.options;
    const usage = await drive.usage();
    const items: LibraryItem[] = (await drive.list()).map((e) => blobItem(e));
    for (const item of items) {
      item.stored = await stat(drive.blobPath(item.sha256 ?? '')).then(
        () => true,
        () => false,
      );
    }
    const repos = await scanHfCache(this.options.hfHub);
    for (const repo of repos) items.push(hfItem(repo, homeRoot));
    const disk = await diskOf(drive.root);
    // Stored is every model listed: the drive's files and the Hugging Face cache's repositories.
    const hfBytes = repos.reduce((sum, repo) => sum + repo.size, 0);
    return {
      items,
      disk,
      storedBytes: usage.storedBytes + hfBytes,
      savedBytes: usage.savedBytes,
    };
  }

  /** Removes an item, refused while an app that uses it runs; a user's imported originals stay. */
  async remove(id: string): Promise<{ removed: string[] }> {
    const { drive, homeRoot } = this.options;
    const running = new Set(await this.options.runningApps());
    if (id.startsWith('hf:')) {
      const repo = (await scanHfCache(this.options.hfHub)).find(
        (r) => `hf:${r.repoType}/${r.repoId}` === id,
      );
      if (!repo) throw new EngineError('not_found', `${id}: no such repo in the HF cache`);
      // Every app reads the shared HF_HOME, so any running app may be using the repo.
      if (running.size > 0) throw inUse(id, [...running]);
      await removeHfRepo(repo.path);
      return { removed: [path.relative(homeRoot, repo.path)] };
    }
    const sha256 = id.replace(/^sha256:/, '').toLowerCase();
    return drive.withCatalogue(async (data) => {
      const entry = blobEntry(data, sha256);
      if (!entry) throw new EngineError('not_found', `${id}: no such model in the drive`);
      const users = [...new Set(entry.refs.map(appOfRef).filter((a): a is string => !!a))];
      const busy = users.filter((a) => running.has(a));
      if (busy.length > 0) throw inUse(entry.names[0] ?? id, busy);
      const blob = drive.blobPath(sha256);
      const blobStat = await stat(blob).catch(() => null);
      const originals = new Set(entry.origins ?? []);
      const removed: string[] = [];
      for (const rel of [...entry.refs, ...(entry.humanPath ? [entry.humanPath] : [])]) {
        const file = path.join(homeRoot, rel);
        if (originals.has(file)) continue;
        if (await madeByHangar(file, blob, blobStat?.ino ?? null, originals)) {
          await rm(file);
          removed.push(rel);
        }
      }
      if (blobStat) {
        await rm(blob);
        removed.push(path.relative(homeRoot, blob));
      }
      delete data.blobs[sha256];
      return { removed };
    });
  }
}

function inUse(name: string, apps: string[]): EngineError {
  return new EngineError(
    'app_busy',
    `${name} is in use by ${apps.join(', ')} (running); stop ${apps.length > 1 ? 'them' : 'it'} first`,
    { details: { apps } },
  );
}

/** A link Hangar placed: a symlink to the blob or to an original, or a hardlink of the blob. */
async function madeByHangar(
  file: string,
  blob: string,
  ino: number | null,
  originals: Set<string>,
): Promise<boolean> {
  const st = await lstat(file).catch(() => null);
  if (!st) return false;
  if (st.isSymbolicLink()) {
    const target = await readlink(file);
    return target === blob || originals.has(target);
  }
  return ino !== null && st.ino === ino;
}

function blobItem(e: BlobEntry): LibraryItem {
  const apps = [...new Set(e.refs.map(appOfRef).filter((a): a is string => !!a))];
  return {
    id: `sha256:${e.sha256}`,
    kind: e.kind,
    name: e.names[0] ?? e.sha256.slice(0, 12),
    size: e.size,
    sha256: e.sha256,
    urls: e.urls,
    apps,
    refs: e.refs,
    humanPath: e.humanPath,
    origins: e.origins ?? [],
    stored: true,
    addedAt: e.addedAt,
  };
}

function hfItem(repo: HfRepo, homeRoot: string): LibraryItem {
  return {
    id: `hf:${repo.repoType}/${repo.repoId}`,
    kind: repo.diffusers ? 'diffusers' : 'hf-repo',
    name: repo.repoId,
    size: repo.size,
    sha256: null,
    urls: [
      `https://huggingface.co/${repo.repoType === 'model' ? '' : `${repo.repoType}s/`}${repo.repoId}`,
    ],
    apps: [],
    refs: [path.relative(homeRoot, repo.path).split(path.sep).join('/')],
    humanPath: null,
    origins: [],
    stored: true,
    revisions: repo.revisions,
    addedAt: repo.lastModified,
  };
}

export async function diskOf(dir: string): Promise<DiskInfo> {
  const s = await statfs(dir);
  const totalBytes = s.blocks * s.bsize;
  const freeBytes = s.bavail * s.bsize;
  // Used is what the drive cannot have (blocks kept for root included), so used and free add up to the total.
  return { path: dir, totalBytes, freeBytes, usedBytes: totalBytes - freeBytes };
}
