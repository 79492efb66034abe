// The downloader's own HTTP/1.1 client against raw loopback servers: framing, split heads, cuts and teardown.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchFile } from '../../../../lib/engine/downloads/fetch-file';
import { openUrl } from '../../../../lib/engine/downloads/http-open';
import { readBody } from '../../../../lib/engine/downloads/response-body';
import { WireError } from '../../../../lib/engine/downloads/wire/wire-error';
import { rawServerPerTest, within, writeApart } from './raw-server';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A chunked encoding of `body` in pieces of `size`, with a chunk extension and a trailer. */
function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\nX-Trailer: t\r\n\r\n'));
  return Buffer.concat(parts);
}

describe('download HTTP client', () => {
  const wire = rawServerPerTest('hangar-wire-');
  const serve = wire.serve;

  it('sends Host with the port, User-Agent, Accept-Encoding identity, Connection close and the caller headers', async () => {
    const s = await serve((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const { res } = await openUrl({
      url: `${s.origin}/a/b%20c?q=1#frag`,
      headers: { 'X-Token': 't1' },
    });
    expect((await readBody(res, 100))!.toString()).toBe('ok');
    const [first] = s.requests;
    expect(first!.head.split('\r\n')[0]).toBe('GET /a/b%20c?q=1 HTTP/1.1');
    expect(first!.headers).toMatchObject({
      host: `127.0.0.1:${s.port}`,
      'user-agent': 'hangar',
      'accept-encoding': 'identity',
      connection: 'close',
      'x-token': 't1',
    });
    const again = await openUrl({
      url: `${s.origin}/`,
      headers: { 'accept-encoding': 'gzip', 'user-agent': 'other' },
    });
    await readBody(again.res, 100);
    expect(s.requests[1]!.headers).toMatchObject({
      'accept-encoding': 'gzip',
      'user-agent': 'other',
    });
  });

  it('writes a chunked body arriving in pieces into the part file', async () => {
    const body = randomBytes(700_000);
    const encoded = chunked(body, 50_000);
    const s = await serve((socket) => {
      const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
      void writeApart(
        socket,
        [
          head,
          encoded.subarray(0, 123_457),
          encoded.subarray(123_457, 400_003),
          encoded.subarray(400_003),
        ],
        5,
      ).then(() => socket.end());
    });
    const result = await fetchFile({
      url: `${s.origin}/c.bin`,
      dest: path.join(wire.dir, 'c.bin'),
      hash: true,
      retries: 0,
    });
    expect(result.sha256).toBe(sha(body));
    expect((await readFile(path.join(wire.dir, 'c.bin'))).equals(body)).toBe(true);
  });

  it('reads a close-delimited body (HTTP/1.0, no length) to the end of the connection', async () => {
    const body = randomBytes(900_000);
    const s = await serve((socket) => {
      socket.write('HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n');
      socket.end(body);
    });
    const dest = path.join(wire.dir, 'old.bin');
    const result = await fetchFile({ url: `${s.origin}/old.bin`, dest, hash: true, retries: 0 });
    expect(result.bytes).toBe(body.length);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('parses a head split across TCP writes, skips 100 Continue and shapes headers like Node', async () => {
    const s = await serve((socket) => {
      void writeApart(socket, [
        'HTT',
        'P/1.1 100 Continue\r\n\r\nHTTP/1.1 200 Fine\r\nContent-Le',
        'ngth: 5\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Dup: 1\r\nX-Dup: 2\r\nETag: "one"\r\nEtag: "two"\r',
        '\n\r\nhel',
        'lo',
      ]);
    });
    const { res, hops } = await openUrl({ url: `${s.origin}/h` });
    expect(res.status).toBe(200);
    expect(res.statusMessage).toBe('Fine');
    expect(hops[0]!.headers).toMatchObject({
      'set-cookie': ['a=1', 'b=2'],
      'x-dup': '1, 2',
      etag: '"one"',
      'content-length': '5',
    });
    expect((await readBody(res, 100))!.toString()).toBe('hello');
    expect(res.complete).toBe(true);
  });

  it('keeps every byte received before a cut on disk and resumes with only the missing bytes', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 11);
    const cut = 1_500_007;
    const s = await serve((socket, request, index) => {
      if (index === 0) {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nETag: "e1"\r\n\r\n`);
        socket.end(body.subarray(0, cut));
        return;
      }
      const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
      const range = `bytes ${from}-${body.length - 1}/${body.length}`;
      socket.write(
        `HTTP/1.1 206 Partial Content\r\nContent-Length: ${body.length - from}\r\nContent-Range: ${range}\r\nETag: "e1"\r\n\r\n`,
      );
      socket.end(body.subarray(from));
    });
    const dest = path.join(wire.dir, 'cut.bin');
    const error = await fetchFile({ url: `${s.origin}/cut.bin`, dest, retries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'network' });
    expect((await stat(`${dest}.part`)).size).toBe(cut);
    const result = await fetchFile({ url: `${s.origin}/cut.bin`, dest, sha256: sha(body) });
    expect(result.resumedFrom).toBe(cut);
    expect(s.requests[1]!.headers.range).toBe(`bytes=${cut}-`);
    expect(s.requests[1]!.headers['if-range']).toBe('"e1"');
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('answers HEAD without reading a body', async () => {
    const s = await serve((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'),
    );
    const { res } = await openUrl({ url: `${s.origin}/x`, method: 'HEAD' });
    expect(s.requests[0]!.head.startsWith('HEAD /x HTTP/1.1\r\n')).toBe(true);
    expect(res.complete).toBe(true);
    expect(res.headers['content-length']).toBe('1000');
    expect((await readBody(res, 10))!.length).toBe(0);
    await within(s.requests[0]!.closed, 2000, 'the client to close its connection');
  });

  it('closes its connection once a body is complete, even when the server would keep it open', async () => {
    const s = await serve((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nabc'),
    );
    const { res } = await openUrl({ url: `${s.origin}/k` });
    expect((await readBody(res, 10))!.toString()).toBe('abc');
    await within(s.requests[0]!.closed, 2000, 'the client to close its connection');
  });

  it('gives up on a server that never answers after the headers timeout and closes the connection', async () => {
    const s = await serve(() => undefined);
    const error = await openUrl({ url: `${s.origin}/silent`, headersTimeoutMs: 150 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'timeout' });
    await within(s.requests[0]!.closed, 2000, 'the client to close its connection');
  });

  it('fails a malformed answer as a protocol error', async () => {
    const s = await serve((socket) => socket.end('HTTX/9 what\r\n\r\n'));
    const error = await openUrl({ url: `${s.origin}/bad` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireError);
    expect(error).toMatchObject({ kind: 'protocol' });
  });

  it('reports a refused connection with its system error code (the retry loop fails fast on it)', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await openUrl({ url: `http://127.0.0.1:${port}/` }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'connect',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('connects to an IPv6 literal and sends it in brackets as Host', async (context) => {
    const probe = net.createServer();
    const v6 = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(0, '::1', () => probe.close(() => resolve(true)));
    });
    if (!v6) {
      console.warn('skipped: this machine has no IPv6 loopback (::1)');
      context.skip();
    }
    const s = await serve(
      (socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6'),
      '::1',
    );
    const { res } = await openUrl({ url: `${s.origin}/six` });
    expect((await readBody(res, 10))!.toString()).toBe('v6');
    expect(s.requests[0]!.headers.host).toBe(`[::1]:${s.port}`);
  });
});
