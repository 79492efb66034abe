// GET /_hangar/diagnostics/<name>: a diagnostics bundle written earlier (system.diagnostics), as a file download.
// The browser of a remote user has no other way to the bundle; only names of bundles in logs/ are served.
import type { DiagnosisService } from '../lib/engine';
import { DIAGNOSTICS_PATH } from '../lib/shared/diagnosis';
import { serveFile, type FileRoute } from './file-response';

export function diagnosticsRoute(diagnosis: Pick<DiagnosisService, 'findBundle'>): FileRoute {
  return {
    prefix: DIAGNOSTICS_PATH,
    serve: (req, res, name) =>
      serveFile(
        req,
        res,
        () => diagnosis.findBundle(name),
        () => ({
          'content-type': 'application/gzip',
          'content-disposition': `attachment; filename="${name}"`,
          'cache-control': 'no-store',
        }),
        'No such diagnostics bundle',
      ),
  };
}
