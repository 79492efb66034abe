// The body of a download into the part file (checking a resumed range, hashing as it goes, a stall watchdog), then
// the check against the expected sha256 and the rename into place.
import { createHash, type Hash } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { EngineError, errorMessage } from '../errors';
import { Retryable, type AttemptResult, type FetchFileOptions } from './fetch-types';
import type { OpenResult } from './http-open';
import { hashPrefix, partPath, removeMeta, resetPart, writeMeta, type PartMeta } from './part-file';
import { announcedSha256, PartWriteError, writeBody } from './response-body';
import { checkSpace } from './space-check';

/** Receives a 200 or 206 body after `offset` bytes already in the part file. */
export async function receiveBody(
  options: FetchFileOptions,
  opened: OpenResult,
  offset: number,
  meta: PartMeta | null,
): Promise<AttemptResult> {
  const { url, dest } = options;
  const part = partPath(dest);
  const { res, hops } = opened;
  const status = res.status;
  const announced = announcedSha256(hops);
  const length = Number(res.headers['content-length'] ?? 0);
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
  // A size known from the response: refuse before writing a byte when the disk cannot hold it.
  if (total !== null) await checkSpace(dest, total - start);
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
  let lastTick = 0;
  const { onProgress } = options;
  onProgress?.(start, total);
  // A fast transfer brings tens of thousands of slices a second: the watchdog and the report move at
  // most every 100 ms (re-arming a timer per slice took about 2% of the main thread in a profiled
  // 512 MiB transfer).
  const onChunk = (chunk: Buffer): void => {
    bytes += chunk.length;
    hash?.update(chunk);
    const now = Date.now();
    if (now - lastTick >= 100) {
      lastTick = now;
      watchdog.refresh();
      onProgress?.(bytes, total);
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

/** Verifies the finished part file against the expected sha256 and renames it into place. */
export async function finish(
  options: FetchFileOptions,
  meta: PartMeta,
  resumedFrom: number,
  bytes: number,
  hash: Hash | null,
  finalUrl: string,
): Promise<AttemptResult> {
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
