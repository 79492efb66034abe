// Downloads one URL to `<dest>.part`, resuming with Range/If-Range, then verifies and renames it into place: the
// retry loop (backoff, fail fast on an absent host, disk failures without retry) around one attempt at a time.
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diskFullError, isDiskFull } from '../disk-full';
import { EngineError, errorMessage } from '../errors';
import { attempt } from './fetch-attempt';
import {
  FollowUrl,
  Retryable,
  type FetchFileOptions,
  type FetchFileResult,
  type Progress,
  type Target,
} from './fetch-types';
import { hashPrefix, partPath, partSize } from './part-file';
import { PartWriteError, partWriteFailure } from './response-body';
import { backoffDelay, sleep } from './retry';

export type { FetchFileOptions, FetchFileResult } from './fetch-types';

const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/;

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
  const target: Target = { url: options.url, headers: { ...options.headers }, follows: 0 };
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
            details: {
              url: options.url,
              attempts,
              ...(error.status !== undefined ? { status: error.status } : {}),
            },
            cause: lastError,
          },
        );
      }
      // An abort during the pause ends the loop at its top with a cancelled error.
      await sleep(backoffDelay(failures, options.backoffMs ?? 500), signal).catch(() => undefined);
    }
  }
}
