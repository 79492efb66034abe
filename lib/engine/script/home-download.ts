// A download the API starts into the home (api/, drive/ or cache/ only), outside any script run.
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import { resolveInside } from './safe-path';
import type { DownloadManager } from '../downloads';

/** Starts a download into the home (api/, drive/ or cache/ only); `dest` is relative to the home. */
export function startHomeDownload(
  layout: HomeLayout,
  manager: DownloadManager,
  request: { url: string; dest: string; sha256?: string },
): { id: string } {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new EngineError('invalid_params', `url "${request.url.slice(0, 200)}" is not a URL`, {
      details: { param: 'url' },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError('invalid_params', 'url must be http or https', {
      details: { param: 'url' },
    });
  }
  const { api, drive, cache, root } = layout;
  const dest = resolveInside(request.dest, {
    base: root,
    allowed: [api, drive, cache],
    param: 'dest',
  });
  const { id, done } = manager.start({
    url: url.href,
    dest,
    sha256: request.sha256,
  });
  // The outcome reaches clients as download:progress events; nobody awaits `done` here.
  done.catch(() => undefined);
  return { id };
}
