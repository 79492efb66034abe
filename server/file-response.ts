// Serves one file found on disk for GET/HEAD (405 for other methods, 404 when nothing was found).
import { createReadStream } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendText } from './http-util';

/** A handler for the files under one path prefix; `rest` is the path after the prefix. */
export interface FileRoute {
  prefix: string;
  serve(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void>;
}

export async function serveFile<T extends { file: string; bytes: number }>(
  req: IncomingMessage,
  res: ServerResponse,
  find: () => Promise<T | null>,
  headers: (found: T) => OutgoingHttpHeaders,
  notFound: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendText(res, 405, 'Method Not Allowed');
  }
  const found = await find();
  if (found === null) return sendText(res, 404, notFound);
  res.writeHead(200, {
    ...headers(found),
    'content-length': found.bytes,
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(found.file), res);
}
