// Hugging Face resolve URLs: which repo, revision and file one names, and its metadata from a HEAD.
import { EngineError } from '../../errors';
import { openUrl } from '../http-open';
import { isHfHost, type HfRepoType } from './huggingface';

export interface HfResolveTarget {
  type: HfRepoType;
  repo: string;
  revision: string;
  file: string;
}

const RESOLVE = /^\/(?:(datasets|spaces)\/)?([^/]+(?:\/[^/]+)?)\/resolve\/([^/]+)\/(.+)$/;

/** The repo file behind `<endpoint>/[datasets/]<org>/<name>/resolve/<rev>/<file>`, or null for another URL. */
export function parseHfResolveUrl(url: string, endpoint: string): HfResolveTarget | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!isHfHost(u, endpoint)) return null;
  const m = RESOLVE.exec(u.pathname);
  if (!m) return null;
  const type: HfRepoType = m[1] === 'datasets' ? 'dataset' : m[1] === 'spaces' ? 'space' : 'model';
  const decode = (s: string): string => decodeURIComponent(s);
  return {
    type,
    repo: m[2],
    revision: decode(m[3]),
    file: m[4].split('/').map(decode).join('/'),
  };
}

export interface HfFileMetadata {
  commit: string | null;
  /** X-Linked-Etag (an LFS file's sha256, quoted) when the Hub sends one, else ETag; as sent. */
  etag: string | null;
  /** Whether `etag` came from X-Linked-Etag. */
  linked: boolean;
  size: number | null;
}

function header(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === '' ? null : v;
}

/** Reads a resolve URL's metadata from a HEAD, as huggingface_hub's get_hf_file_metadata does. */
export async function hfFileMetadata(
  url: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<HfFileMetadata> {
  const { res, hops } = await openUrl({
    url,
    method: 'HEAD',
    headers: { ...headers, 'accept-encoding': 'identity' },
    signal,
  });
  res.destroy();
  const first = hops[0].headers;
  // The first hop's refusal is the one that counts (the hub's own 401, not a mirror's answer after it).
  const failed = hops[0].status >= 400 ? hops[0].status : res.status;
  if (failed >= 400)
    throw new EngineError(
      failed === 401 || failed === 403 ? 'unauthorized' : 'network',
      `HEAD ${url} failed: HTTP ${failed}`,
      { details: { url, status: failed } },
    );
  const linked = header(first['x-linked-etag']);
  const size = header(first['x-linked-size']) ?? header(first['content-length']);
  return {
    commit: header(first['x-repo-commit']),
    etag: linked ?? header(first.etag),
    linked: linked !== null,
    size: size === null ? null : Number(size),
  };
}
