// The shared drive: a content-addressed blob store with human paths; every model is stored once.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readlink, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HomeLayout } from '../home';
import {
  blobEntry,
  guessKind,
  kindFolder,
  normaliseUrl,
  readCatalogue,
  writeCatalogue,
  type BlobEntry,
  type CatalogueData,
  type ModelKind,
} from './catalogue';
import { placeBlob, probeLinkMode, type LinkMode } from './link-probe';

export interface AdoptOptions {
  /** sha256 of the file when already known (the downloader computes it while streaming). */
  sha256?: string | null;
  url?: string;
  kind?: ModelKind;
  /** Name for the human path (default: the file's name). */
  name?: string;
}

export interface DriveUsage {
  /** Bytes of drive blobs each app links to (an app's own share of a blob counts fully). */
  perApp: Record<string, number>;
  /** Bytes actually stored in blobs. */
  storedBytes: number;
  /** Bytes that separate copies would have cost on top of the stored ones. */
  savedBytes: number;
  blobs: number;
}

export interface DriveEntry extends BlobEntry {
  blobPath: string;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class Drive {
  readonly root: string;
  readonly blobsDir: string;
  private data: CatalogueData | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly home: HomeLayout) {
    this.root = home.drive;
    this.blobsDir = path.join(home.drive, 'blobs', 'sha256');
  }

  blobPath(sha256: string): string {
    return path.join(this.blobsDir, sha256);
  }

  /** The stored blob for a URL, when that URL was downloaded before and the blob is still there. */
  async findByUrl(url: string): Promise<DriveEntry | null> {
    const data = await this.load();
    const key = normaliseUrl(url);
    for (const entry of Object.values(data.blobs)) {
      if (!entry.urls.includes(key)) continue;
      const blob = this.blobPath(entry.sha256);
      if (
        await stat(blob).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return { ...entry, blobPath: blob };
    }
    return null;
  }

  async findBySha256(sha256: string): Promise<DriveEntry | null> {
    const entry = blobEntry(await this.load(), sha256.toLowerCase());
    if (
      !entry ||
      !(await stat(this.blobPath(entry.sha256)).then(
        () => true,
        () => false,
      ))
    )
      return null;
    return { ...entry, blobPath: this.blobPath(entry.sha256) };
  }

  /**
   * Moves a downloaded file into the store (or drops it when the blob exists) and puts a link to the
   * blob back at its path. Returns the entry and how the file is now linked.
   */
  adopt(file: string, options: AdoptOptions = {}): Promise<{ entry: DriveEntry; mode: LinkMode }> {
    return this.serial(async () => {
      const sha256 = (options.sha256 ?? (await sha256File(file))).toLowerCase();
      const blob = this.blobPath(sha256);
      await mkdir(this.blobsDir, { recursive: true });
      const fileStat = await stat(file);
      const blobStat = await stat(blob).catch(() => null);
      let mode: LinkMode;
      if (blobStat && blobStat.ino === fileStat.ino && blobStat.dev === fileStat.dev) {
        mode = 'hardlink';
      } else {
        if (blobStat) await rm(file);
        else await this.moveIntoStore(file, blob);
        mode = await probeLinkMode(this.blobsDir, path.dirname(file));
        await placeBlob(blob, file, mode);
      }
      const entry = await this.record(sha256, fileStat.size, file, options);
      return { entry: { ...entry, blobPath: blob }, mode };
    });
  }

  /** Links an existing blob to `dest` (which must not exist) and records the reference. */
  materialize(entry: BlobEntry, dest: string, url?: string): Promise<LinkMode> {
    return this.serial(async () => {
      const mode = await probeLinkMode(this.blobsDir, path.dirname(dest));
      await placeBlob(this.blobPath(entry.sha256), dest, mode);
      await this.record(entry.sha256, entry.size, dest, { url, kind: entry.kind });
      return mode;
    });
  }

  async list(): Promise<DriveEntry[]> {
    const data = await this.load();
    return Object.values(data.blobs)
      .map((e) => ({ ...e, blobPath: this.blobPath(e.sha256) }))
      .sort((a, b) => a.addedAt - b.addedAt);
  }

  /** Bytes per app, stored and saved by sharing; references whose file is gone or replaced are dropped. */
  usage(): Promise<DriveUsage> {
    return this.serial(async () => {
      const data = await this.load();
      const usage: DriveUsage = { perApp: {}, storedBytes: 0, savedBytes: 0, blobs: 0 };
      for (const entry of Object.values(data.blobs)) {
        const blob = this.blobPath(entry.sha256);
        const blobStat = await stat(blob).catch(() => null);
        if (!blobStat) continue;
        const live: string[] = [];
        let linked = 0;
        for (const ref of entry.refs) {
          const how = await this.refState(
            path.join(this.home.root, ref),
            blob,
            blobStat.ino,
            entry.size,
          );
          if (how) live.push(ref);
          if (how === 'link') linked += 1;
        }
        entry.refs = live;
        usage.blobs += 1;
        usage.storedBytes += entry.size;
        usage.savedBytes += entry.size * Math.max(0, linked - 1);
        const apps = new Set(live.map((r) => /^api\/([^/]+)\//.exec(r)?.[1] ?? '(drive)'));
        for (const app of apps) usage.perApp[app] = (usage.perApp[app] ?? 0) + entry.size;
      }
      await writeCatalogue(this.root, data);
      return usage;
    });
  }

  /** How a reference shows the blob now: a link to it, a copy of it (same size), or gone (null). */
  private async refState(
    file: string,
    blob: string,
    ino: number,
    size: number,
  ): Promise<'link' | 'copy' | null> {
    const st = await lstat(file).catch(() => null);
    if (!st) return null;
    if (st.isSymbolicLink()) return (await readlink(file).catch(() => '')) === blob ? 'link' : null;
    if (st.ino === ino) return 'link';
    return st.isFile() && st.size === size ? 'copy' : null;
  }

  private async moveIntoStore(file: string, blob: string): Promise<void> {
    const tmp = `${blob}.${process.pid}.tmp`;
    try {
      await rename(file, tmp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(file, tmp);
      await rm(file);
    }
    // Read-only: a blob is shared by every app linking to it, so no app may change it in place.
    await chmod(tmp, 0o444);
    await rename(tmp, blob);
  }

  private async record(
    sha256: string,
    size: number,
    file: string,
    options: AdoptOptions,
  ): Promise<BlobEntry> {
    const data = await this.load();
    const name = options.name ?? path.basename(file);
    const rel = path.relative(this.home.root, file).split(path.sep).join('/');
    const entry: BlobEntry = blobEntry(data, sha256) ?? {
      sha256,
      size,
      kind: options.kind ?? guessKind(rel),
      names: [],
      urls: [],
      refs: [],
      humanPath: null,
      addedAt: Date.now(),
    };
    if (!entry.names.includes(name)) entry.names.push(name);
    if (options.url && !entry.urls.includes(normaliseUrl(options.url)))
      entry.urls.push(normaliseUrl(options.url));
    if (!rel.startsWith('..') && !entry.refs.includes(rel)) entry.refs.push(rel);
    if (!entry.humanPath) entry.humanPath = await this.makeHumanPath(entry, name);
    data.blobs[sha256] = entry;
    await writeCatalogue(this.root, data);
    return entry;
  }

  /** `drive/models/<kind>s/<name>` linked to the blob; a name taken by another blob gets a hash suffix. */
  private async makeHumanPath(entry: BlobEntry, name: string): Promise<string> {
    const dir = path.join(this.root, 'models', kindFolder(entry.kind));
    let target = path.join(dir, name);
    const existing = await lstat(target).catch(() => null);
    if (existing) {
      const ext = path.extname(name);
      target = path.join(dir, `${path.basename(name, ext)}-${entry.sha256.slice(0, 8)}${ext}`);
    }
    if (!(await lstat(target).catch(() => null))) {
      await placeBlob(this.blobPath(entry.sha256), target, await probeLinkMode(this.blobsDir, dir));
    }
    return path.relative(this.home.root, target).split(path.sep).join('/');
  }

  /** Runs `work` on the catalogue in the drive's queue and writes the catalogue after it. */
  withCatalogue<T>(work: (data: CatalogueData) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const data = await this.load();
      try {
        return await work(data);
      } finally {
        await writeCatalogue(this.root, data);
      }
    });
  }

  private async load(): Promise<CatalogueData> {
    this.data ??= await readCatalogue(this.root);
    return this.data;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
