// Hugging Face resolve URLs: which repo, revision and file one names.
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
