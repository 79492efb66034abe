// What the shared hub cache already holds for a revision, for when the Hub cannot be asked (offline, or
// HF_HUB_OFFLINE): the commit from `refs/`, every snapshot file with the etag its link names.
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HfFileEntry } from '../../downloads';
import { isCommitHash, type HfCacheRepo } from '../../drive';
import { isEngineError } from '../../errors';

/** huggingface_hub's rule for HF_HUB_OFFLINE: any of 1, ON, YES, TRUE (any case). */
export function hubOffline(env: Record<string, string | undefined>): boolean {
  return ['1', 'ON', 'YES', 'TRUE'].includes((env.HF_HUB_OFFLINE ?? '').toUpperCase());
}

/** A listing failure the cache may stand in for: the Hub unreachable, not a refusal or a missing repo. */
export function unreachable(error: unknown): boolean {
  if (!isEngineError(error) || error.code !== 'network') return false;
  return (error.details as { status?: number } | undefined)?.status === undefined;
}

export interface CachedRevision {
  commit: string;
  entries: Map<string, HfFileEntry>;
}

async function commitOf(cache: HfCacheRepo, revision: string): Promise<string | null> {
  if (isCommitHash(revision)) return revision;
  const text = await readFile(cache.refPath(revision), 'utf8').catch(() => null);
  const commit = text?.trim() ?? '';
  return isCommitHash(commit) ? commit : null;
}

/** Snapshot files (relative paths with `/`) that link to a blob, with that blob's etag and size. */
async function snapshotFiles(cache: HfCacheRepo, commit: string): Promise<HfFileEntry[]> {
  const root = cache.snapshotDir(commit);
  const out: HfFileEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const full = path.join(dir, name);
      const st = await lstat(full);
      if (st.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!st.isSymbolicLink()) continue;
      const etag = path.basename(await readlink(full));
      const size = await stat(full).then(
        (s) => s.size,
        () => null,
      );
      // A link whose blob is gone is not a cached file.
      if (size === null) continue;
      out.push({
        path: path.relative(root, full).split(path.sep).join('/'),
        size,
        etag,
        sha256: /^[0-9a-f]{64}$/.test(etag) ? etag : null,
      });
    }
  };
  await walk(root);
  return out;
}

/** The cached revision, or null when the cache has no commit for it. */
export async function cachedRevision(
  cache: HfCacheRepo,
  revision: string,
): Promise<CachedRevision | null> {
  const commit = await commitOf(cache, revision);
  if (!commit) return null;
  const files = await snapshotFiles(cache, commit);
  if (files.length === 0) return null;
  return { commit, entries: new Map(files.map((f) => [f.path, f])) };
}
