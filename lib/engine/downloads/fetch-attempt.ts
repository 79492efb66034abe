// One download attempt: the request (resuming the part file with Range/If-Range) and what its response says —
// done already, retry, follow a confirmation page, keep a page as the file, or receive the body.
import { writeFile } from 'node:fs/promises';
import { EngineError, errorMessage, isEngineError } from '../errors';
import { finish, receiveBody } from './fetch-body';
import {
  FollowUrl,
  Retryable,
  type AttemptResult,
  type FetchFileOptions,
  type Progress,
  type Target,
} from './fetch-types';
import { openUrl, type OpenResult } from './http-open';
import { ifRangeValue, partPath, partSize, readMeta, resetPart, type PartMeta } from './part-file';
import { HTML_LIMIT, PartWriteError, readSmallText } from './response-body';

export async function attempt(
  options: FetchFileOptions,
  target: Target,
  progress: Progress,
): Promise<AttemptResult> {
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
): Promise<AttemptResult> {
  const { url, dest } = options;
  const part = partPath(dest);
  const { res, hops } = opened;
  options.onResponse?.(hops);
  const status = res.status;
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
    throw new Retryable(`HTTP ${status} from ${new URL(opened.url).host}`, status);
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
  return receiveBody(options, opened, offset, meta);
}
