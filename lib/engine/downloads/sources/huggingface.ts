// Hugging Face Hub: endpoint and token from env or settings, file URLs, repo listings and patterns.
import { EngineError, errorMessage, isEngineError } from '../../errors';
import { openUrl } from '../http-open';
import { readBody } from '../response-body';

export const HF_DEFAULT_ENDPOINT = 'https://huggingface.co';

export type HfRepoType = 'model' | 'dataset' | 'space';

export interface HfSettings {
  hfToken?: string;
  hfEndpoint?: string;
}

/** `HF_ENDPOINT` from the environment wins over the setting, then the public hub. No trailing slash. */
export function hfEndpoint(
  env: Record<string, string | undefined>,
  settings: HfSettings = {},
): string {
  return (env.HF_ENDPOINT || settings.hfEndpoint || HF_DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

export function hfToken(
  env: Record<string, string | undefined>,
  settings: HfSettings = {},
): string | undefined {
  return env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || settings.hfToken || undefined;
}

export function isHfHost(url: URL, endpoint: string): boolean {
  return url.hostname === 'huggingface.co' || url.host === new URL(endpoint).host;
}

/** A `https://huggingface.co/...` URL moved onto the configured endpoint (a mirror or a local server). */
export function hfRewrite(url: string, endpoint: string): string {
  const u = new URL(url);
  if (u.hostname !== 'huggingface.co' || endpoint === HF_DEFAULT_ENDPOINT) return url;
  return `${endpoint}${u.pathname}${u.search}`;
}

function typePrefix(type: HfRepoType): string {
  return type === 'dataset' ? 'datasets/' : type === 'space' ? 'spaces/' : '';
}

export function hfFileUrl(
  endpoint: string,
  repo: string,
  file: string,
  revision = 'main',
  type: HfRepoType = 'model',
): string {
  const encodedFile = file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${typePrefix(type)}${repo}/resolve/${encodeURIComponent(revision)}/${encodedFile}`;
}

/** A listing is a few KiB per hundred files; anything near this is not one. */
const LISTING_LIMIT = 64 << 20;

/** One file of a listing with what names its blob: the LFS sha256, else the git blob id (the ETag). */
export interface HfFileEntry {
  path: string;
  size: number | null;
  /** The etag huggingface_hub names the cache blob by (null when the listing did not include blobs). */
  etag: string | null;
  /** sha256 of an LFS file's bytes. */
  sha256: string | null;
}

export interface HfRepoInfo {
  /** Commit the revision points at. */
  sha: string | null;
  files: string[];
  entries: HfFileEntry[];
}

interface Sibling {
  rfilename: string;
  size?: number;
  blobId?: string;
  lfs?: { sha256?: string; size?: number };
}

function entryOf(s: Sibling): HfFileEntry {
  const sha256 = s.lfs?.sha256?.toLowerCase() ?? null;
  return {
    path: s.rfilename,
    size: s.lfs?.size ?? s.size ?? null,
    etag: sha256 ?? s.blobId ?? null,
    sha256,
  };
}

/**
 * Lists the files of a repo at a revision through the Hub API (`/api/<type>s/<repo>/revision/<rev>`),
 * with blob ids and LFS hashes (`?blobs=true`).
 */
export async function hfListFiles(
  endpoint: string,
  repo: string,
  revision = 'main',
  type: HfRepoType = 'model',
  token?: string,
  signal?: AbortSignal,
): Promise<HfRepoInfo> {
  const url = `${endpoint}/api/${type}s/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  let status: number;
  let body: Buffer | null;
  try {
    const { res } = await openUrl({
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal,
    });
    status = res.status;
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
      `Listing ${repo}@${revision} on ${endpoint} failed: HTTP ${status}`,
      { details: { repo, status } },
    );
  if (body === null)
    throw new EngineError(
      'network',
      `The listing of ${repo}@${revision} is larger than ${LISTING_LIMIT} bytes`,
      { details: { repo } },
    );
  const listing = JSON.parse(body.toString('utf8')) as {
    sha?: string;
    siblings?: Sibling[];
  };
  const entries = (listing.siblings ?? []).map(entryOf);
  return { sha: listing.sha ?? null, files: entries.map((e) => e.path), entries };
}

/** fnmatch-style glob (as huggingface_hub uses): `*` also crosses `/`, `?` one char, `[...]` a class. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Files kept by `include` patterns (all when none) and not dropped by `exclude` patterns. */
export function filterFiles(
  files: string[],
  include: string[] = [],
  exclude: string[] = [],
): string[] {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return files.filter(
    (f) => (inc.length === 0 || inc.some((r) => r.test(f))) && !exc.some((r) => r.test(f)),
  );
}
