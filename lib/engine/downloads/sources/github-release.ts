// GitHub release assets named by pattern: `github.com/<o>/<r>/releases/latest/download/<glob>` or
// `…/releases/download/<tag>/<glob>` (a `*` or `?` in the asset name), resolved through the releases API.
import { EngineError } from '../../errors';
import { openUrl } from '../http-open';
import { readBody } from '../response-body';

export interface ReleasePattern {
  owner: string;
  repo: string;
  /** `latest`, or the tag. */
  tag: string | null;
  pattern: string;
}

export interface ReleaseLookup {
  /** The API base: `GITHUB_API_URL` (GitHub Enterprise, a test's stand-in), else https://api.github.com. */
  apiBase?: string;
  /** `GITHUB_TOKEN`: raises the API's rate limit and opens private repositories. */
  token?: string;
  signal?: AbortSignal;
}

const RELEASE_LIMIT = 8 * 1024 * 1024;

/** The pattern form of a release download URL, or null for any other URL (exact names go through GitHub's redirects). */
export function releasePattern(url: string): ReleasePattern | null {
  const u = new URL(url);
  if (u.hostname !== 'github.com') return null;
  const latest = /^\/([^/]+)\/([^/]+)\/releases\/latest\/download\/([^/]+)$/.exec(u.pathname);
  const tagged = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(u.pathname);
  const found = latest
    ? { owner: latest[1], repo: latest[2], tag: null, name: latest[3] }
    : tagged
      ? { owner: tagged[1], repo: tagged[2], tag: decodeURIComponent(tagged[3]), name: tagged[4] }
      : null;
  if (found === null) return null;
  const pattern = decodeURIComponent(found.name);
  if (!/[*?]/.test(pattern)) return null;
  return { owner: found.owner, repo: found.repo, tag: found.tag, pattern };
}

function globRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

interface ReleaseAsset {
  name: string;
  browser_download_url: string;
}

/** The asset URL the pattern names: exactly one asset of the release must match. */
export async function resolveReleaseAsset(
  release: ReleasePattern,
  lookup: ReleaseLookup = {},
): Promise<string> {
  const base = (lookup.apiBase || 'https://api.github.com').replace(/\/+$/, '');
  const which = release.tag === null ? 'latest' : `tags/${encodeURIComponent(release.tag)}`;
  const api = `${base}/repos/${release.owner}/${release.repo}/releases/${which}`;
  const label = `${release.owner}/${release.repo} release ${release.tag ?? 'latest'}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  };
  if (lookup.token) headers.authorization = `Bearer ${lookup.token}`;
  const { res } = await openUrl({ url: api, headers, signal: lookup.signal });
  const body = await readBody(res, RELEASE_LIMIT);
  if (res.status !== 200) {
    throw new EngineError(
      res.status === 404 ? 'not_found' : 'network',
      `GitHub has no ${label} (HTTP ${res.status} from ${api})`,
      { details: { url: api, status: res.status } },
    );
  }
  const assets = parseAssets(body, api);
  const match = globRegExp(release.pattern);
  const found = assets.filter((asset) => match.test(asset.name));
  const names = assets.map((asset) => asset.name).join(', ') || '(none)';
  if (found.length !== 1) {
    const what = found.length === 0 ? 'No asset' : `${found.length} assets`;
    throw new EngineError(
      'not_found',
      `${what} of ${label} match "${release.pattern}"; its assets: ${names}`,
      { details: { url: api, pattern: release.pattern, assets: assets.map((a) => a.name) } },
    );
  }
  return found[0].browser_download_url;
}

function parseAssets(body: Buffer | null, api: string): ReleaseAsset[] {
  let parsed: unknown;
  try {
    parsed = body === null ? null : JSON.parse(body.toString('utf8'));
  } catch {
    parsed = null;
  }
  const assets = (parsed as { assets?: unknown } | null)?.assets;
  if (!Array.isArray(assets)) {
    throw new EngineError('network', `${api} did not answer a release with an assets list`, {
      details: { url: api },
    });
  }
  return assets.filter(
    (a): a is ReleaseAsset =>
      typeof (a as ReleaseAsset).name === 'string' &&
      typeof (a as ReleaseAsset).browser_download_url === 'string',
  );
}

/** `url` itself, or the asset its pattern names (read the API base and token from the environment). */
export async function resolveReleaseUrl(url: string, signal?: AbortSignal): Promise<string> {
  const release = releasePattern(url);
  if (release === null) return url;
  return resolveReleaseAsset(release, {
    apiBase: process.env.GITHUB_API_URL,
    token: process.env.GITHUB_TOKEN,
    signal,
  });
}
