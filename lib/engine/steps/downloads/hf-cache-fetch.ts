// One Hugging Face file into the shared hub cache (blob by etag, snapshot link, ref), then linked where asked.
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  hfFileMetadata,
  hfListFiles,
  type HfFileEntry,
  type HfRepoInfo,
  type HfRepoType,
} from '../../downloads';
import {
  HfCacheRepo,
  normalizeEtag,
  placeBlob,
  probeLinkMode,
  writeLocalDirMetadata,
} from '../../drive';
import { EngineError, isEngineError } from '../../errors';
import type { StepContext } from '../types';
import { fetchOne, type FetchOneResult } from './fetch-one';
import { adoptIntoCache } from './hf-adopt';
import { cachedRevision, unreachable } from './hf-offline';
import type { DownloadServices } from './services';

/** The HF_HOME every app's shell gets: the environment's when it sets one, else `<home>/cache/HF_HOME`. */
export function sharedHfHome(ctx: StepContext, env: Record<string, string | undefined>): string {
  return env.HF_HOME || path.join(ctx.home.cache, 'HF_HOME');
}

export interface HfRepoAt {
  endpoint: string;
  type: HfRepoType;
  repo: string;
  revision: string;
  token?: string;
  /** The hub cache goes under `<hfHome>/hub`. */
  hfHome: string;
  /** HF_HUB_OFFLINE: the Hub is not asked; the cache answers or the step fails. */
  offline?: boolean;
}

export interface HfListingAt {
  cache: HfCacheRepo;
  revision: string;
  /** null when the endpoint has no listing API (a mirror that serves only resolve URLs). */
  commit: string | null;
  entries: Map<string, HfFileEntry> | null;
  info: HfRepoInfo | null;
  /** Set when the cache stood in for the Hub: why, and what a file the cache lacks fails with. */
  offline?: EngineError;
}

function noListingApi(error: unknown): boolean {
  return (
    isEngineError(error) &&
    error.code === 'network' &&
    (error.details as { status?: number } | undefined)?.status === 404
  );
}

/**
 * Lists the repo at the revision; the commit it names and every file's etag come from the Hub. With
 * `headOnly`, an endpoint without the listing API is not an error: each file's HEAD tells instead.
 */
export async function listForCache(
  ctx: StepContext,
  at: HfRepoAt,
  headOnly = false,
): Promise<HfListingAt> {
  const cache = HfCacheRepo.inHfHome(at.hfHome, at.type, at.repo);
  let info: HfRepoInfo;
  try {
    if (at.offline)
      throw new EngineError('network', `HF_HUB_OFFLINE is set: ${at.endpoint} is not asked`);
    info = await hfListFiles(at.endpoint, at.repo, at.revision, at.type, at.token, ctx.signal);
  } catch (error) {
    if (headOnly && !at.offline && noListingApi(error)) {
      ctx.log(`${at.endpoint} has no listing API for ${at.repo}; asking per file\r\n`, 'info');
      return { cache, revision: at.revision, commit: null, entries: null, info: null };
    }
    if (!at.offline && !unreachable(error)) throw error;
    return fromCache(ctx, cache, at, error as EngineError);
  }
  if (!info.sha)
    throw new EngineError(
      'network',
      `The Hub listing of ${at.repo}@${at.revision} on ${at.endpoint} names no commit`,
      { details: { repo: at.repo } },
    );
  await cache.writeRef(at.revision, info.sha);
  return {
    cache,
    revision: at.revision,
    commit: info.sha,
    entries: new Map(info.entries.map((e) => [e.path, e])),
    info,
  };
}

export interface CacheFetchRequest {
  url: string;
  file: string;
  headers?: Record<string, string>;
  /** Also show the file here (a launcher's `local-dir` file, or an `fs.download` path). */
  dest?: string;
  /** The `local-dir` that `dest` sits in: huggingface_hub's metadata is written there. */
  localDir?: string;
}

const exists = (p: string): Promise<boolean> =>
  lstat(p).then(
    () => true,
    () => false,
  );

/** The cache's own copy of the revision standing in for a Hub that cannot be asked; the Hub's error when it has none. */
async function fromCache(
  ctx: StepContext,
  cache: HfCacheRepo,
  at: HfRepoAt,
  why: EngineError,
): Promise<HfListingAt> {
  const cached = await cachedRevision(cache, at.revision);
  if (!cached) throw why;
  ctx.log(`${why.message}; using the cached ${at.repo}@${cached.commit}\r\n`, 'info');
  const entries = [...cached.entries.values()];
  return {
    cache,
    revision: at.revision,
    commit: cached.commit,
    entries: cached.entries,
    info: { sha: cached.commit, files: entries.map((e) => e.path), entries },
    offline: why,
  };
}

/** Fetches one listed file into the cache (when its blob is not there yet) and links it where asked. */
export async function fetchIntoCache(
  ctx: StepContext,
  services: DownloadServices,
  listing: HfListingAt,
  request: CacheFetchRequest,
): Promise<FetchOneResult> {
  const { cache } = listing;
  const known = listing.entries
    ? { entry: listing.entries.get(request.file), commit: listing.commit! }
    : await fromHead(ctx, listing, request);
  if (!known) {
    // Neither commit nor etag from the endpoint: the file is saved where asked, outside the cache.
    ctx.log(
      `${request.file}: the endpoint sends no commit or etag, saved without the cache\r\n`,
      'info',
    );
    return fetchOne(ctx, services, {
      url: request.url,
      dest: request.dest ?? cache.snapshotPath(listing.revision, request.file),
      headers: request.headers,
    });
  }
  const { entry, commit } = known;
  if (!entry && listing.offline)
    throw new EngineError(
      listing.offline.code,
      `${listing.offline.message}, and "${request.file}" of ${cache.repo} is not in the cache`,
      { details: { repo: cache.repo, file: request.file }, cause: listing.offline },
    );
  if (!entry) {
    await cache.markMissing(commit, request.file);
    throw new EngineError(
      'not_found',
      `${cache.repo}@${commit} has no file "${request.file}" on the Hub`,
      { details: { repo: cache.repo, file: request.file } },
    );
  }
  if (!entry.etag) await etagFromHead(ctx, entry, request);
  if (!entry.etag)
    throw new EngineError(
      'network',
      `The Hub gives no etag for "${request.file}" of ${cache.repo} (neither listing nor HEAD)`,
      { details: { repo: cache.repo, file: request.file } },
    );
  const blob = cache.blobPath(entry.etag);
  let result: FetchOneResult;
  if (request.dest && !(await exists(blob)))
    await adoptIntoCache(
      ctx,
      services,
      { ...entry, etag: entry.etag },
      request.dest,
      blob,
      request.url,
    );
  const cached = await lstat(blob).catch(() => null);
  if (cached) {
    const size = (await stat(blob)).size;
    ctx.log(`${request.file}: already in the Hugging Face cache, not downloaded\r\n`, 'info');
    // Put there by an app's own huggingface_hub: the drive takes the same file, not a copy.
    if (cached.isFile() && entry.sha256 && !(await services.drive.findBySha256(entry.sha256)))
      await services.drive.adopt(blob, { sha256: entry.sha256, url: request.url });
    result = { path: blob, bytes: size, sha256: entry.sha256, source: 'existing' };
  } else {
    // An LFS file is named by its sha256: the drive's blob and the cache's blob are the same file.
    result = await fetchOne(ctx, services, {
      url: request.url,
      dest: blob,
      headers: request.headers,
      sha256: entry.sha256 ?? undefined,
      share: entry.sha256 !== null,
    });
  }
  await cache.linkSnapshot(commit, request.file, entry.etag);
  await cache.clearMissing(commit, request.file);
  if (!request.dest) return { ...result, path: cache.snapshotPath(commit, request.file) };
  const linked = await showAt(ctx, services, blob, request.dest, entry, request.url);
  if (linked && request.localDir)
    await writeLocalDirMetadata(request.localDir, request.file, commit, entry.etag);
  return { ...result, path: request.dest };
}

/** The commit and etag of a file from a HEAD of its resolve URL, or null when the answer has neither. */
async function fromHead(
  ctx: StepContext,
  listing: HfListingAt,
  request: CacheFetchRequest,
): Promise<{ entry: HfFileEntry; commit: string } | null> {
  const meta = await hfFileMetadata(request.url, request.headers, ctx.signal);
  if (!meta.commit || !meta.etag) return null;
  await listing.cache.writeRef(listing.revision, meta.commit);
  const etag = normalizeEtag(meta.etag);
  const sha256 = meta.linked && /^[0-9a-f]{64}$/.test(etag) ? etag : null;
  return { entry: { path: request.file, size: meta.size, etag, sha256 }, commit: meta.commit };
}

/** A listing without blob ids (some mirrors): the etag and LFS sha256 from a HEAD of the resolve URL. */
async function etagFromHead(
  ctx: StepContext,
  entry: HfFileEntry,
  request: CacheFetchRequest,
): Promise<void> {
  const meta = await hfFileMetadata(request.url, request.headers, ctx.signal);
  if (!meta.etag) return;
  entry.etag = normalizeEtag(meta.etag);
  if (meta.linked && /^[0-9a-f]{64}$/.test(entry.etag)) entry.sha256 = entry.etag;
  entry.size ??= meta.size;
}

/** Links the blob at `dest`; a different file already there is left alone. True when `dest` shows the blob. */
async function showAt(
  ctx: StepContext,
  services: DownloadServices,
  blob: string,
  dest: string,
  entry: HfFileEntry,
  url: string,
): Promise<boolean> {
  if (await exists(dest)) {
    const current = await stat(dest).catch(() => null);
    const blobStat = await stat(blob);
    if (current && current.ino === blobStat.ino && current.dev === blobStat.dev) return true;
    ctx.log(`${path.basename(dest)}: a different file is already there, left as it is\r\n`, 'info');
    return false;
  }
  const stored = entry.sha256 ? await services.drive.findBySha256(entry.sha256) : null;
  if (stored) {
    await services.drive.materialize(stored, dest, url);
    return true;
  }
  await placeBlob(blob, dest, await probeLinkMode(path.dirname(blob), path.dirname(dest)));
  return true;
}
