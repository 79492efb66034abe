// GitHub: direct URLs for file views, and the header that makes the API hand out release assets.

const GITHUB_HOSTS = new Set([
  'github.com',
  'api.github.com',
  'raw.githubusercontent.com',
  'objects.githubusercontent.com',
]);

export function isGithubUrl(url: URL): boolean {
  return GITHUB_HOSTS.has(url.hostname);
}

/** `github.com/o/r/blob/<ref>/<path>` → `github.com/o/r/raw/<ref>/<path>`; others unchanged. */
export function githubDirectUrl(url: string): string {
  const u = new URL(url);
  if (u.hostname !== 'github.com') return url;
  const m = /^\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(u.pathname);
  if (!m) return url;
  u.pathname = `/${m[1]}/${m[2]}/raw/${m[3]}`;
  return u.href;
}

/** Extra request headers a GitHub URL needs: release assets through the API answer JSON without this. */
export function githubHeaders(url: URL): Record<string, string> {
  if (url.hostname === 'api.github.com' && /\/releases\/assets\/\d+$/.test(url.pathname)) {
    return { accept: 'application/octet-stream' };
  }
  return {};
}
