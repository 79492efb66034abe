// web.open's URL as the user's browser reaches it: a running app's loopback address becomes its /apps/<name>/ path
// (the proxy sends origin-mode apps on to their own origin), since 127.0.0.1 is another machine for a remote browser.
import { publicUrl } from './app-context';
import type { AppRecord } from './app-store';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '[::1]']);

export function appBrowserUri(uri: string, apps: readonly AppRecord[]): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // Not an absolute URL (a relative path of Hangar's, or text): the browser gets it as it is.
    return uri;
  }
  if (!/^https?:$/.test(url.protocol) || !LOOPBACK_HOSTS.has(url.hostname)) return uri;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const app = apps.find((a) => a.state === 'running' && a.port === port);
  if (!app) return uri;
  return `${publicUrl(app.name)}${url.pathname.replace(/^\//, '')}${url.search}${url.hash}`;
}
