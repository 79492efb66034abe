// Hugging Face Hub: endpoint and token from env or settings, file URLs, repo listings and patterns.
import { hfListTree, listingPage, type HfFileEntry } from './hf-listing';

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

export type { HfFileEntry } from './hf-listing';

/** More files than this in `siblings` and huggingface_hub no longer trusts it: it lists the tree instead. */
export const VERY_LARGE_REPO = 50_000;

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
 * with blob ids and LFS hashes (`?blobs=true`). Where `siblings` cannot be trusted (absent, empty, or a very
 * large repo, as huggingface_hub's snapshot_download judges it), the tree API is read page by page instead.
 */
export async function hfListFiles(
  endpoint: string,
  repo: string,
  revision = 'main',
  type: HfRepoType = 'model',
  token?: string,
  signal?: AbortSignal,
): Promise<HfRepoInfo> {
  const at = { endpoint, repo, revision, token, signal };
  const url = `${endpoint}/api/${type}s/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  const listing = (await listingPage(url, at)).json as { sha?: string; siblings?: Sibling[] };
  const sha = listing.sha ?? null;
  const siblings = listing.siblings ?? [];
  const entries =
    siblings.length === 0 || siblings.length > VERY_LARGE_REPO
      ? await hfListTree({ ...at, revision: sha ?? revision }, `${type}s`)
      : siblings.map(entryOf);
  return { sha, files: entries.map((e) => e.path), entries };
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
