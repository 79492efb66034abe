// What a file download is asked and answers, and the failures one attempt reports to the retry loop.
import type { Hop } from './http-open';

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

/** What one attempt yields (the loop adds the attempt count). */
export type AttemptResult = Omit<FetchFileResult, 'attempts'>;

/** A failure worth another attempt (network, server error, a changed range); `status` is the server's HTTP status. */
export class Retryable extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Bytes the part file held when an attempt started, to tell whether the attempt added any. */
export type Progress = { from: number | null };

/** A confirmation page pointed to the real file: fetch that instead. */
export class FollowUrl extends Error {
  constructor(
    readonly url: string,
    readonly cookie?: string,
  ) {
    super(`follow ${url}`);
  }
}

/** Where the next attempt goes: the URL (after followed pages) and its headers. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  follows: number;
}
