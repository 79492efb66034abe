// A Google-Drive-style large-file flow: the first answer is an HTML confirm page, the form leads to the bytes.
import { randomUUID } from 'node:crypto';
import type { FileServer } from './file-server';

/**
 * Serves `/uc?export=download&id=<id>` as Drive's "can't scan for viruses" page whose `download-form`
 * points at `/download` with `id`, `export`, `confirm` and `uuid`; only that request gets the file.
 */
export function mountGoogleDrive(server: FileServer, files: Record<string, Buffer>): void {
  const uuids = new Set<string>();
  server.handlers.push((req, res) => {
    const url = new URL(req.url ?? '/', server.origin);
    const id = url.searchParams.get('id') ?? '';
    if (url.pathname === '/uc') {
      if (!files[id]) return false;
      const uuid = randomUUID();
      uuids.add(uuid);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': `NID=drive-${id}; Path=/; HttpOnly`,
      });
      res.end(`<!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title></head><body>
<p>Google Drive can't scan this file for viruses.</p>
<form id="download-form" action="${server.origin}/download" method="get">
<input type="submit" id="uc-download-link" value="Download anyway"/>
<input type="hidden" name="id" value="${id}"><input type="hidden" name="export" value="download">
<input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="${uuid}">
</form></body></html>`);
      return true;
    }
    if (url.pathname === '/download') {
      const file = files[id];
      if (
        !file ||
        url.searchParams.get('confirm') !== 't' ||
        !uuids.has(url.searchParams.get('uuid') ?? '')
      ) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end('confirmation missing');
        return true;
      }
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(file.length),
      });
      res.end(file);
      return true;
    }
    return false;
  });
}
