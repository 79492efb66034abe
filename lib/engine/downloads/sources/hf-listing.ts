// Hugging Face Hub listings: one page of the API as JSON (errors named for the repo), and the tree API followed
// page by page through its `Link: <…>; rel="next"` header, as huggingface_hub's paginate does.
import { EngineError, errorMessage, isEngineError } from '../../errors';
import { openUrl } from '../http-open';
import { readBody } from '../response-body';

/** A listing page is a few KiB per hundred files; anything near this is not one. */
const LISTING_LIMIT = 64 << 20;
/** Pages followed at most (the Hub pages the tree by 1000 entries or more). */
export const MAX_LISTING_PAGES = 1000;

export interface ListingTarget {
  endpoint: string;
  repo: string;
  revision: string;
  token?: string;
  signal?: AbortSignal;
}

/** One file of a listing with what names its blob: the LFS sha256, else the git blob id (the ETag). */
export interface HfFileEntry {
  path: string;
  size: number | null;
  /** The etag huggingface_hub names the cache blob by (null when the listing did not include blobs). */
  etag: string | null;
  /** sha256 of an LFS file's bytes. */
  sha256: string | null;
}

/** The URL of the `rel="next"` link of a Link header, resolved against the page's URL; null on the last page. */
export function nextPageUrl(link: string | string[] | undefined, pageUrl: string): string | null {
  for (const part of [link ?? []]
    .flat()
    .join(',')
    .split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!))
      return new URL(match[1]!, pageUrl).href;
  }
  return null;
}

/** GETs one page of the Hub API and parses it; the answer's Link header comes with it. */
export async function listingPage(
  url: string,
  at: ListingTarget,
): Promise<{ json: unknown; link: string | string[] | undefined }> {
  const { repo, revision } = at;
  let status: number;
  let body: Buffer | null;
  let link: string | string[] | undefined;
  try {
    const { res } = await openUrl({
      url,
      headers: at.token ? { authorization: `Bearer ${at.token}` } : {},
      signal: at.signal,
    });
    status = res.status;
    link = res.headers.link;
    body = await readBody(res, LISTING_LIMIT);
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw new EngineError(
      'network',
      `Listing ${repo}@${revision} (${url}) failed: ${errorMessage(error)}`,
      { details: { repo }, cause: error },
    );
  }
  if (status === 401 || status === 403) {
    throw new EngineError(
      'unauthorized',
      `Hugging Face refused ${repo} (HTTP ${status}): set HF_TOKEN or the token in settings`,
      { details: { repo, status } },
    );
  }
  if (status !== 200)
    throw new EngineError(
      'network',
      `Listing ${repo}@${revision} on ${at.endpoint} failed: HTTP ${status}`,
      { details: { repo, status } },
    );
  if (body === null)
    throw new EngineError(
      'network',
      `A page of the listing of ${repo}@${revision} is larger than ${LISTING_LIMIT} bytes`,
      { details: { repo } },
    );
  try {
    return { json: JSON.parse(body.toString('utf8')) as unknown, link };
  } catch (error) {
    throw new EngineError(
      'network',
      `The listing of ${repo}@${revision} (${url}) is not JSON: ${errorMessage(error)}`,
      { details: { repo } },
    );
  }
}

interface TreeEntry {
  type?: string;
  path?: string;
  oid?: string;
  size?: number;
  lfs?: { oid?: string; size?: number };
}

/** Every file of the repo through the tree API (`?recursive=true&expand=true`), following its pages. */
export async function hfListTree(at: ListingTarget, typePath: string): Promise<HfFileEntry[]> {
  const entries: HfFileEntry[] = [];
  let url: string | null =
    `${at.endpoint}/api/${typePath}/${at.repo}/tree/${encodeURIComponent(at.revision)}?recursive=true&expand=true`;
  for (let pages = 0; url !== null; pages += 1) {
    if (pages >= MAX_LISTING_PAGES)
      throw new EngineError(
        'network',
        `The listing of ${at.repo}@${at.revision} goes on past ${MAX_LISTING_PAGES} pages`,
        { details: { repo: at.repo } },
      );
    const page = await listingPage(url, at);
    if (!Array.isArray(page.json))
      throw new EngineError(
        'network',
        `A page of the tree of ${at.repo}@${at.revision} (${url}) is not a list of entries`,
        { details: { repo: at.repo } },
      );
    for (const e of page.json as TreeEntry[]) {
      if (e.type !== 'file' || typeof e.path !== 'string') continue;
      const sha256 = e.lfs?.oid?.toLowerCase() ?? null;
      entries.push({
        path: e.path,
        size: e.lfs?.size ?? e.size ?? null,
        etag: sha256 ?? e.oid ?? null,
        sha256,
      });
    }
    url = nextPageUrl(page.link, url);
  }
  return entries;
}
