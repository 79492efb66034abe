// The downloader's own HTTP/1.1 client over TLS: a self-signed server trusted through `ca`, SNI and ALPN.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUrl } from '../../../../lib/engine/downloads/http-open';
import { readBody, writeBody } from '../../../../lib/engine/downloads/response-body';
import { WireError } from '../../../../lib/engine/downloads/wire/wire-error';
import { selfSignedCert, type TlsCredentials } from '../../../helpers/self-signed-cert';

describe('download HTTP client over TLS', () => {
  let dir: string;
  let tlsServer: https.Server | null = null;
  let cert: Buffer | null = null;
  let origin = '';
  let skipReason = '';
  const body = randomBytes(2 * 1024 * 1024 + 3);
  const seen: { servername: string | false; alpn: string | false | null }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-wire-tls-'));
    let made: TlsCredentials;
    try {
      made = selfSignedCert();
    } catch (error) {
      skipReason = `openssl could not make a certificate: ${(error as Error).message}`;
      return;
    }
    cert = made.cert;
    tlsServer = https.createServer({ ...made, ALPNProtocols: ['http/1.1'] }, (req, res) => {
      const socket = req.socket as TLSSocket & { servername: string | false };
      seen.push({ servername: socket.servername, alpn: socket.alpnProtocol });
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => tlsServer!.listen(0, '127.0.0.1', resolve));
    origin = `https://localhost:${(tlsServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (tlsServer) await new Promise<void>((resolve) => tlsServer!.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads from a self-signed server trusted through `ca`, with SNI and ALPN http/1.1', async (context) => {
    if (skipReason) {
      console.warn(`skipped: ${skipReason}`);
      context.skip();
    }
    const { res } = await openUrl({ url: `${origin}/file.bin`, ca: cert! });
    const part = path.join(dir, 'file.part');
    let received = 0;
    await writeBody(res, part, false, (chunk) => (received += chunk.length));
    expect(received).toBe(body.length);
    expect((await readFile(part)).equals(body)).toBe(true);
    expect(seen.at(-1)).toEqual({ servername: 'localhost', alpn: 'http/1.1' });
  });

  it('sends no SNI to an IP address and refuses a certificate it was not told to trust', async (context) => {
    if (skipReason) {
      console.warn(`skipped: ${skipReason}`);
      context.skip();
    }
    const byIp = origin.replace('localhost', '127.0.0.1');
    const { res } = await openUrl({ url: `${byIp}/ip.bin`, ca: cert! });
    expect((await readBody(res, body.length))!.equals(body)).toBe(true);
    expect(seen.at(-1)!.servername).toBe(false);
    const error = await openUrl({ url: `${origin}/untrusted.bin` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireError);
    expect((error as Error).message).toMatch(/self[- ]signed/);
  });
});
