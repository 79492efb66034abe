// Reads a huggingface_hub cache (`hub/<type>s--org--name/{blobs,snapshots,refs}`) as scan_cache_dir reports it.
import { lstat, readFile, readdir, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface HfRevision {
  commit: string;
  refs: string[];
  files: number;
  /** Bytes of the blobs this revision's files point to. */
  size: number;
}

export interface HfRepo {
  repoId: string;
  repoType: 'model' | 'dataset' | 'space';
  path: string;
  /** Bytes of the repo's blobs, each counted once (what scan_cache_dir calls size_on_disk). */
  size: number;
  revisions: HfRevision[];
  /** A diffusers pipeline folder (a snapshot holds model_index.json). */
  diffusers: boolean;
  lastModified: number;
}

const FOLDER = /^(model|dataset|space)s--(.+)$/;

export async function scanHfCache(hub: string): Promise<HfRepo[]> {
  const names = await readdir(hub).catch(() => [] as string[]);
  const repos: HfRepo[] = [];
  for (const name of names.sort()) {
    const m = FOLDER.exec(name);
    if (!m) continue;
    const dir = path.join(hub, name);
    if (
      !(await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      continue;
    repos.push(await scanRepo(dir, m[1] as HfRepo['repoType'], m[2].split('--').join('/')));
  }
  return repos;
}

async function scanRepo(
  dir: string,
  repoType: HfRepo['repoType'],
  repoId: string,
): Promise<HfRepo> {
  let size = 0;
  let lastModified = 0;
  const blobSizes = new Map<string, number>();
  for (const blob of await readdir(path.join(dir, 'blobs')).catch(() => [] as string[])) {
    const st = await stat(path.join(dir, 'blobs', blob)).catch(() => null);
    if (!st?.isFile()) continue;
    blobSizes.set(blob, st.size);
    size += st.size;
    lastModified = Math.max(lastModified, st.mtimeMs);
  }
  const refsByCommit = new Map<string, string[]>();
  await readRefs(path.join(dir, 'refs'), '', refsByCommit);
  const revisions: HfRevision[] = [];
  let diffusers = false;
  for (const commit of await readdir(path.join(dir, 'snapshots')).catch(() => [] as string[])) {
    const seen = new Set<string>();
    let files = 0;
    const walk = async (d: string): Promise<void> => {
      for (const entry of await readdir(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isSymbolicLink() || entry.isFile()) {
          files += 1;
          if (entry.name === 'model_index.json' && d.endsWith(commit)) diffusers = true;
          seen.add(path.basename(await realTarget(full)));
        }
      }
    };
    await walk(path.join(dir, 'snapshots', commit));
    const revSize = [...seen].reduce((n, b) => n + (blobSizes.get(b) ?? 0), 0);
    revisions.push({ commit, refs: refsByCommit.get(commit) ?? [], files, size: revSize });
  }
  return { repoId, repoType, path: dir, size, revisions, diffusers, lastModified };
}

async function realTarget(file: string): Promise<string> {
  return realpath(file).catch(() => file);
}

async function readRefs(dir: string, prefix: string, out: Map<string, string[]>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await readRefs(full, name, out);
    else {
      const commit = (await readFile(full, 'utf8')).trim();
      out.set(commit, [...(out.get(commit) ?? []), name]);
    }
  }
}

/** Removes a repo folder from the cache (its blobs, snapshots and refs). */
export async function removeHfRepo(repoPath: string): Promise<void> {
  if ((await lstat(repoPath)).isDirectory()) await rm(repoPath, { recursive: true });
}
