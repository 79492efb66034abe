// GET /_hangar/icons/<app>: the icon file an installed app's launcher names (`icon: "icon.png"`).
import type { AppManager } from '../lib/engine';
import { ICONS_PATH } from '../lib/shared/app';
import { serveFile, type FileRoute } from './file-response';

/** An SVG opened on its own must not run script on Hangar's origin. */
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export function appIconsRoute(apps: Pick<AppManager, 'iconFile'>): FileRoute {
  return {
    prefix: ICONS_PATH,
    serve: (req, res, name) =>
      serveFile(
        req,
        res,
        () => apps.iconFile(name),
        (icon) => ({
          'content-type': icon.type,
          'cache-control': 'private, max-age=60',
          ...(icon.type === 'image/svg+xml' ? { 'content-security-policy': SVG_POLICY } : {}),
        }),
        'No icon for that app',
      ),
  };
}
