// GET /_hangar/diagnostics/<name>: a diagnostics bundle written earlier (system.diagnostics), as a file download.
// The browser of a remote user has no other way to the bundle; only names of bundles in logs/ are served.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { DiagnosisService } from '../lib/engine';
import { sendText } from './http-util';

export function createDiagnosticsDownload(diagnosis: Pick<DiagnosisService, 'findBundle'>) {
  return async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendText(res, 405, 'Method Not Allowed');
    }
    const bundle = await diagnosis.findBundle(name);
    if (bundle === null) return sendText(res, 404, 'No such diagnostics bundle');
    res.writeHead(200, {
      'content-type': 'application/gzip',
      'content-length': bundle.bytes,
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(bundle.file), res);
  };
}
