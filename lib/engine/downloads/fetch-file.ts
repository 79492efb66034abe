// Downloads one URL to `<dest>.part`, resuming with Range/If-Range, then verifies and renames it into place.
import { createHash, type Hash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diskFullError, isDiskFull } from '../disk-full';
import { EngineError, errorMessage, isEngineError } from '../errors';
import { openUrl, type Hop, type OpenResult } from './http-open';
import {
  announcedSha256,
  HTML_LIMIT,
  PartWriteError,
  partWriteFailure,
  readSmallText,
  writeBody,
} from './response-body';
import { backoffDelay, sleep } from './retry';

const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/;
import {
  hashPrefix,
  ifRangeValue,
  partPath,
  partSize,
  readMeta,
  removeMeta,
  resetPart,
  writeMeta,
  type PartMeta,
} from './part-file';

export interface FetchFileOptions {
  url: string;
  dest: string;
  /** Expected sha256 (hex). Without it, a sha256 announced by the server (Hugging Face LFS) is used. */
  sha256?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Attempts after consecutive failures that added no byte to the part file (default 10). */
  retries?: number;
  /** First backoff delay in ms (default 500, doubling, capped at 30 s). */
  backoffMs?: number;
  /** Milliseconds without a byte before the transfer is retried (default 60 s). */
  stallMs?: number;
  /** Compute the sha256 even when none is expected (the drive needs it). */
  hash?: boolean;
  /** An existing file at `dest` counts as done (Pinokio's behaviour); default true. */
  skipExisting?: boolean;
  onProgress?: (bytes: number, total: number | null) => void;
  /** Called before the finished bytes are read back from disk to be hashed (a slow step for big files). */
  onVerify?: () => void;
  /** Called with the response hops of every attempt (for logging). */
  onResponse?: (hops: Hop[]) => void;
  /**
   * Called with a small HTML answer (a confirmation page such as Google Drive's). Returning a URL
   * fetches that instead (with `cookie` when given); returning null keeps the HTML as the file.
   */
  onHtml?: (
    html: string,
    pageUrl: string,
    setCookie: string[],
  ) => { url: string; cookie?: string } | null;
}

export interface FetchFileResult {
  dest: string;
  bytes: number;
  sha256: string | null;
  /** Bytes already on disk when the last attempt started. */
  resumedFrom: number;
  skipped: boolean;
  attempts: number;
  finalUrl: string;
}

class Retryable extends Error {}

/** Bytes the part file held when an attempt started, to tell whether the attempt added any. */
type Progress = { from: number | null };

class FollowUrl extends Error {
  constructor(
    readonly url: string,
    readonly cookie?: string,
  ) {
    super(`follow ${url}`);
  }
}

function cancelled(url: string): EngineError {
  return new EngineError('cancelled', `Download of ${url} was cancelled`);
}

export async function fetchFile(options: FetchFileOptions): Promise<FetchFileResult> {
  const { dest, signal } = options;
  await mkdir(path.dirname(dest), { recursive: true });
  const existing = options.skipExisting === false ? null : await stat(dest).catch(() => null);
  if (existing?.isFile()) {
    let sha256: string | null = null;
    if (options.sha256 || options.hash) {
      const h = createHash('sha256');
      await hashPrefix(dest, existing.size, h, signal);
      sha256 = h.digest('hex');
    }
    if (!options.sha256 || sha256 === options.sha256.toLowerCase()) {
      return {
        dest,
        bytes: existing.size,
        sha256,
        resumedFrom: existing.size,
        skipped: true,
        attempts: 0,
        finalUrl: options.url,
      };
    }
  }
  const retries = options.retries ?? 10;
  let everProgressed = false;
  let failures = 0;
  let attempts = 0;
  let lastError: unknown;
  const target: Target = { url: options.url, headers: { ...(options.headers ?? {}) }, follows: 0 };
  for (;;) {
    if (signal?.aborted) throw cancelled(options.url);
    attempts += 1;
    const progress: Progress = { from: null };
    try {
      return { ...(await attempt(options, target, progress)), attempts };
    } catch (error) {
      if (signal?.aborted) throw cancelled(options.url);
      // The disk, not the network, failed: no retry, the .part stays for a resume once space is freed.
      if (error instanceof PartWriteError) throw await partWriteFailure(error, options.url);
      if (isDiskFull(error))
        throw await diskFullError((error as NodeJS.ErrnoException).path ?? partPath(dest), error);
      if (error instanceof FollowUrl && target.follows < 3) {
        target.follows += 1;
        target.url = error.url;
        if (error.cookie) target.headers.cookie = error.cookie;
        continue;
      }
      if (!(error instanceof Retryable)) throw error;
      lastError = error;
      // Progress is bytes that reached the disk, not bytes received: only those make the next attempt shorter.
      const made = progress.from !== null && (await partSize(dest)) > progress.from;
      failures = made ? 1 : failures + 1;
      everProgressed ||= made;
      // A host that refuses or does not resolve is not flaky, it is absent (offline, wrong mirror): fail fast.
      const unreachable = !everProgressed && UNREACHABLE.test(errorMessage(error));
      if (failures > (unreachable ? Math.min(retries, 2) : retries)) {
        throw new EngineError(
          'network',
          `Download of ${options.url} failed after ${attempts} attempts: ${errorMessage(error)}`,
          {
            details: { url: options.url, attempts },
            cause: lastError,
          },
        );
      }
      // An abort during the pause ends the loop at its top with a cancelled error.
      await sleep(backoffDelay(failures, options.backoffMs ?? 500), signal).catch(() => undefined);
    }
  }
}

interface Target {
  url: string;
  headers: Record<string, string>;
  follows: number;
}

async function attempt(
  options: FetchFileOptions,
  target: Target,
  progress: Progress,
): Promise<Omit<FetchFileResult, 'attempts'>> {
  const { url, dest } = options;
  let meta = await readMeta(dest);
  let offset = await partSize(dest);
  if (offset > 0 && (!meta || meta.url !== url || meta.mismatch)) {
    await resetPart(dest);
    offset = 0;
    meta = null;
  }
  progress.from = offset;
  const headers: Record<string, string> = { ...target.headers, 'accept-encoding': 'identity' };
  if (offset > 0 && meta) {
    headers.range = `bytes=${offset}-`;
    const validator = ifRangeValue(meta);
    if (validator) headers['if-range'] = validator;
  }
  let opened: OpenResult;
  try {
    opened = await openUrl({
      url: target.url,
      headers,
      signal: options.signal,
      headersTimeoutMs: options.stallMs ?? 60_000,
    });
  } catch (error) {
    if (isEngineError(error) && error.code !== 'timeout') throw error;
    throw new Retryable(errorMessage(error));
  }
  try {
    return await receive(options, opened, offset, meta);
  } finally {
    // Every path has consumed the body or is done with it: never leave the connection open.
    opened.res.destroy();
  }
}

/** Acts on the response of one attempt: resume bookkeeping, a confirmation page, or the body into the part file. */
async function receive(
  options: FetchFileOptions,
  opened: OpenResult,
  offset: number,
  meta: PartMeta | null,
): Promise<Omit<FetchFileResult, 'attempts'>> {
  const { url, dest } = options;
  const part = partPath(dest);
  const { res, hops } = opened;
  options.onResponse?.(hops);
  const status = res.status;
  const announced = announcedSha256(hops);
  if (status === 416 && meta && meta.total != null && offset === meta.total) {
    res.destroy();
    return finish(options, meta, offset, offset, null, opened.url);
  }
  if (status === 416) {
    res.destroy();
    await resetPart(dest);
    throw new Retryable(`server refused the range from byte ${offset} (416)`);
  }
  if (status === 408 || status === 429 || status >= 500) {
    res.destroy();
    throw new Retryable(`HTTP ${status} from ${new URL(opened.url).host}`);
  }
  if (status !== 200 && status !== 206) {
    res.destroy();
    throw new EngineError(
      'network',
      `Download of ${url} failed: HTTP ${status} ${res.statusMessage}`.trim(),
      {
        details: { url, status, finalUrl: opened.url },
      },
    );
  }
  const type = String(res.headers['content-type'] ?? '');
  const length = Number(res.headers['content-length'] ?? 0);
  if (status === 200 && options.onHtml && type.includes('text/html') && length <= HTML_LIMIT) {
    let html: string;
    try {
      html = await readSmallText(res);
    } catch (error) {
      if (options.signal?.aborted || (isEngineError(error) && error.code !== 'timeout'))
        throw error;
      throw new Retryable(
        `reading the page from ${new URL(opened.url).host} failed: ${errorMessage(error)}`,
      );
    }
    const setCookie = res.headers['set-cookie'] ?? [];
    const next = options.onHtml(html, opened.url, setCookie);
    if (next) throw new FollowUrl(next.url, next.cookie);
    await writeFile(part, html).catch((error: unknown) =>
      Promise.reject(new PartWriteError(part, error)),
    );
    const meta200: PartMeta = { url, total: Buffer.byteLength(html) };
    return finish(options, meta200, 0, meta200.total!, null, opened.url);
  }
  let start = 0;
  let total: number | null = null;
  if (status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
    if (!m || Number(m[1]) !== offset) {
      res.destroy();
      await resetPart(dest);
      throw new Retryable(
        `server answered a different range (${res.headers['content-range']}) than asked (${offset}-)`,
      );
    }
    start = offset;
    total = m[3] === '*' ? null : Number(m[3]);
    if (meta?.total != null && total !== null && total !== meta.total) {
      res.destroy();
      await resetPart(dest);
      throw new Retryable(`the file changed size on the server (${meta.total} → ${total})`);
    }
  } else {
    total = res.headers['content-length'] === undefined ? null : length;
  }
  const nextMeta: PartMeta = {
    url,
    etag: typeof res.headers.etag === 'string' ? res.headers.etag : undefined,
    lastModified:
      typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : undefined,
    total,
    announcedSha256: announced ?? meta?.announcedSha256,
  };
  await writeMeta(dest, nextMeta);
  const wantHash = Boolean(options.hash || options.sha256 || nextMeta.announcedSha256);
  const hash = wantHash ? createHash('sha256') : null;
  if (hash && start > 0) await hashPrefix(part, start, hash, options.signal);
  let bytes = start;
  const stallMs = options.stallMs ?? 60_000;
  const watchdog = setTimeout(() => {
    res.destroy(new EngineError('timeout', `no data for ${stallMs} ms`));
  }, stallMs);
  let lastReport = 0;
  const { onProgress } = options;
  onProgress?.(start, total);
  const onChunk = (chunk: Buffer): void => {
    bytes += chunk.length;
    hash?.update(chunk);
    watchdog.refresh();
    if (onProgress) {
      const now = Date.now();
      if (now - lastReport >= 100) {
        lastReport = now;
        onProgress(bytes, total);
      }
    }
  };
  try {
    await writeBody(res, part, start > 0, onChunk);
  } catch (error) {
    if (options.signal?.aborted || error instanceof PartWriteError) throw error;
    throw new Retryable(`transfer interrupted at byte ${bytes}: ${errorMessage(error)}`);
  } finally {
    clearTimeout(watchdog);
  }
  if (!res.complete || (total !== null && bytes !== total)) {
    throw new Retryable(`transfer ended at byte ${bytes} of ${total ?? 'unknown'}`);
  }
  options.onProgress?.(bytes, total ?? bytes);
  return finish(options, { ...nextMeta, total: total ?? bytes }, start, bytes, hash, opened.url);
}

async function finish(
  options: FetchFileOptions,
  meta: PartMeta,
  resumedFrom: number,
  bytes: number,
  hash: Hash | null,
  finalUrl: string,
): Promise<Omit<FetchFileResult, 'attempts'>> {
  const { dest } = options;
  const expected = (options.sha256 ?? meta.announcedSha256)?.toLowerCase();
  let actual: string | null = null;
  if (hash) actual = hash.digest('hex');
  else if (expected || options.hash) {
    options.onVerify?.();
    const h = createHash('sha256');
    await hashPrefix(partPath(dest), bytes, h, options.signal);
    actual = h.digest('hex');
  }
  if (expected && actual !== expected) {
    await writeMeta(dest, { ...meta, mismatch: true });
    throw new EngineError(
      'checksum_mismatch',
      `Checksum mismatch for ${options.url}: expected sha256 ${expected}, got ${actual}. The bytes are kept in ${partPath(dest)} for inspection.`,
      {
        details: { url: options.url, expected, actual, part: partPath(dest) },
      },
    );
  }
  await rename(partPath(dest), dest);
  await removeMeta(dest);
  return { dest, bytes, sha256: actual, resumedFrom, skipped: false, finalUrl };
}
