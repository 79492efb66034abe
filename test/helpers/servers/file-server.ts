// Loopback HTTP server for download tests: Range/If-Range, redirects, chunked, slow and cut transfers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface ServedFile {
  body: Buffer;
  etag?: string;
  lastModified?: string;
  /** Send without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** Destroy the socket after this many body bytes of a response (once per listed entry, in order). */
  cutAfter?: number[];
  /** Milliseconds between 64 KiB chunks. */
  delayMs?: number;
  /** Stop sending (but keep the socket open) after this many bytes, once. */
  stallAfter?: number;
  /** Ignore Range and always answer 200. */
  noRanges?: boolean;
  contentType?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  status: number;
  /** Body bytes written for this request. */
  sent: number;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  server: FileServer,
) => boolean | void;

export class FileServer {
  readonly files = new Map<string, ServedFile>();
  readonly redirects = new Map<string, { to: string; status?: number }>();
  readonly requests: RecordedRequest[] = [];
  readonly handlers: Handler[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(p: string): string {
    return `${this.origin}${p}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests for one path (query ignored). */
  requestsFor(p: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.split('?')[0] === p);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      status: 0,
      sent: 0,
    };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    res.on('close', () => (record.status ||= res.statusCode));
    for (const handler of this.handlers) if (handler(req, res, this)) return;
    const pathname = (req.url ?? '/').split('?')[0];
    const redirect = this.redirects.get(pathname);
    if (redirect) {
      res.writeHead(redirect.status ?? 302, { location: redirect.to });
      res.end();
      return;
    }
    const file = this.files.get(pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    this.serveFile(req, res, file, record);
  }

  private serveFile(
    req: IncomingMessage,
    res: ServerResponse,
    file: ServedFile,
    record: RecordedRequest,
  ): void {
    const size = file.body.length;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    const ifRange = req.headers['if-range'];
    const validatorOk =
      ifRange === undefined || ifRange === file.etag || ifRange === file.lastModified;
    if (range && !file.noRanges && validatorOk) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), size - 1);
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      status = 206;
    }
    const headers: Record<string, string> = {
      'content-type': file.contentType ?? 'application/octet-stream',
      'accept-ranges': file.noRanges ? 'none' : 'bytes',
      ...file.headers,
    };
    if (file.etag) headers.etag = file.etag;
    if (file.lastModified) headers['last-modified'] = file.lastModified;
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    if (!file.chunked) headers['content-length'] = String(end - start + 1);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cut = file.cutAfter && file.cutAfter.length > 0 ? file.cutAfter.shift()! : Infinity;
    const stall = file.stallAfter ?? Infinity;
    file.stallAfter = undefined;
    this.stream(res, file, start, end + 1, cut, stall, record);
  }

  private stream(
    res: ServerResponse,
    file: ServedFile,
    from: number,
    to: number,
    cut: number,
    stall: number,
    record: RecordedRequest,
  ): void {
    const chunk = 64 * 1024;
    let pos = from;
    const step = (): void => {
      if (res.destroyed) return;
      while (pos < to) {
        if (record.sent >= stall) return;
        const limit = Math.min(
          to,
          pos + chunk,
          pos + (cut - record.sent),
          pos + (stall - record.sent),
        );
        const piece = file.body.subarray(pos, limit);
        pos = limit;
        record.sent += piece.length;
        if (record.sent >= cut) {
          // Close only once the bytes are flushed: the client sees exactly `cut` bytes, then a premature end.
          res.write(piece, () => res.socket?.end());
          return;
        }
        const ok = res.write(piece);
        if (file.delayMs) {
          setTimeout(step, file.delayMs);
          return;
        }
        if (!ok) {
          res.once('drain', step);
          return;
        }
      }
      res.end();
    };
    step();
  }
}

export async function startFileServer(): Promise<FileServer> {
  return new FileServer().start();
}
