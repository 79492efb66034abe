// Downloads through a real HTTP proxy on loopback: CONNECT for https, absolute-URI for http, NO_PROXY, auth, refusals.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openUrl } from '../../../../lib/engine/downloads/http-open';
import { readBody } from '../../../../lib/engine/downloads/response-body';
import {
  setNetworkSource,
  withAppProxy,
  type NetworkSettings,
} from '../../../../lib/engine/network';
import { isEngineError } from '../../../../lib/engine/errors';
import { selfSignedCert, type TlsCredentials } from '../../../helpers/self-signed-cert';
import { startFileServer, type FileServer } from '../../../helpers/servers/file-server';
import { startProxy, type HttpProxy } from '../../../helpers/servers/http-proxy';

const body = randomBytes(3 * 1024 * 1024 + 7);

describe('downloads through an HTTP proxy', () => {
  let tls: TlsCredentials;
  let tlsServer: https.Server;
  let httpsOrigin = '';
  let files: FileServer;
  let restore: (() => void) | null = null;
  const proxies: HttpProxy[] = [];

  const settings = (value: NetworkSettings): void => {
    restore?.();
    restore = setNetworkSource(() => value);
  };
  const proxy = async (options: Parameters<typeof startProxy>[0] = {}): Promise<HttpProxy> => {
    const started = await startProxy(options);
    proxies.push(started);
    return started;
  };
  const download = async (url: string): Promise<Buffer> => {
    const { res } = await openUrl({ url, ca: tls.cert, headersTimeoutMs: 10_000 });
    const received = await readBody(res, body.length + 1);
    if (received === null) throw new Error(`${url}: body larger than expected`);
    return received;
  };

  beforeAll(async () => {
    tls = selfSignedCert();
    tlsServer = https.createServer(tls, (_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    httpsOrigin = `https://localhost:${(tlsServer.address() as AddressInfo).port}`;
    files = await startFileServer();
    files.files.set('/plain.bin', { body });
  });
  afterEach(async () => {
    restore?.();
    restore = null;
    for (const started of proxies.splice(0)) await started.stop();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    await files.stop();
  });

  it('tunnels https through CONNECT, with TLS to the target inside', async () => {
    const p = await proxy();
    settings({ proxy: p.url });
    expect((await download(`${httpsOrigin}/file.bin`)).equals(body)).toBe(true);
    expect(p.tunnels).toBe(1);
    expect(p.seen).toEqual([
      { method: 'CONNECT', target: new URL(httpsOrigin).host, proxyAuthorization: undefined },
    ]);
  });

  it('sends plain http to the proxy as an absolute-URI request', async () => {
    const p = await proxy();
    settings({ proxy: p.url });
    expect((await download(files.url('/plain.bin'))).equals(body)).toBe(true);
    expect(p.tunnels).toBe(0);
    expect(p.seen.map((s) => [s.method, s.target])).toEqual([['GET', files.url('/plain.bin')]]);
    expect(files.requestsFor('/plain.bin').at(-1)?.headers.host).toBe(new URL(files.origin).host);
  });

  it('bypasses the proxy for hosts NO_PROXY lists (setting and environment)', async () => {
    const p = await proxy();
    settings({ proxy: p.url, noProxy: 'example.invalid, localhost' });
    expect((await download(`${httpsOrigin}/file.bin`)).equals(body)).toBe(true);
    settings({ proxy: p.url, noProxy: `127.0.0.1:${files.port}` });
    expect((await download(files.url('/plain.bin'))).equals(body)).toBe(true);
    expect(p.seen).toEqual([]);
  });

  it('reads HTTPS_PROXY and NO_PROXY from the environment when no setting is made', async () => {
    const p = await proxy();
    settings({});
    const saved = { ...process.env };
    process.env.HTTPS_PROXY = p.url;
    try {
      await download(`${httpsOrigin}/file.bin`);
      expect(p.tunnels).toBe(1);
      process.env.no_proxy = '*';
      await download(`${httpsOrigin}/file.bin`);
      expect(p.tunnels).toBe(1);
    } finally {
      process.env = saved;
    }
  });

  it("follows an app's ENVIRONMENT proxy inside its scope, over the setting, and the setting outside", async () => {
    const own = await proxy();
    const global = await proxy();
    settings({ proxy: global.url });
    const https = `${httpsOrigin}/file.bin`;
    expect((await withAppProxy({ HTTPS_PROXY: own.url }, () => download(https))).equals(body)).toBe(
      true,
    );
    expect([own.tunnels, global.tunnels]).toEqual([1, 0]);
    // Its NO_PROXY alone keeps the setting's proxy for other hosts and sends the hosts it lists direct.
    await withAppProxy({ no_proxy: 'localhost' }, () => download(https));
    expect([own.tunnels, global.tunnels]).toEqual([1, 0]);
    await download(https);
    expect([own.tunnels, global.tunnels]).toEqual([1, 1]);
  });

  it('sends the proxy URL credentials as Proxy-Authorization Basic, for CONNECT and for http', async () => {
    const p = await proxy({ auth: 'alice:s3cr:et' });
    settings({ proxy: `http://alice:s3cr%3Aet@127.0.0.1:${p.port}` });
    expect((await download(`${httpsOrigin}/file.bin`)).equals(body)).toBe(true);
    expect((await download(files.url('/plain.bin'))).equals(body)).toBe(true);
    const basic = `Basic ${Buffer.from('alice:s3cr:et').toString('base64')}`;
    expect(p.seen.map((s) => s.proxyAuthorization)).toEqual([basic, basic]);
    // The credentials go to the proxy only, never on to the target.
    expect(files.requestsFor('/plain.bin').at(-1)?.headers['proxy-authorization']).toBeUndefined();
  });

  it('names the proxy, not the target, when the proxy wants credentials (407)', async () => {
    const p = await proxy({ auth: 'alice:right' });
    settings({ proxy: `http://alice:wrong@127.0.0.1:${p.port}` });
    for (const url of [`${httpsOrigin}/file.bin`, files.url('/plain.bin')]) {
      const error = await download(url).catch((e: unknown) => e);
      expect(isEngineError(error) && error.code).toBe('network');
      expect((error as Error).message).toContain(`proxy 127.0.0.1:${p.port} refused`);
      expect((error as Error).message).toContain('407');
      expect((error as Error).message).not.toContain('wrong');
    }
  });

  it('names the proxy when it refuses the tunnel (502)', async () => {
    const p = await proxy({ refuseWith: 502 });
    settings({ proxy: p.url });
    const error = await download(`${httpsOrigin}/file.bin`).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`^proxy 127\\.0\\.0\\.1:${p.port} refused the connection to localhost:\\d+: 502`),
    );
  });

  it('names the proxy when nothing listens at its address', async () => {
    const p = await proxy();
    const dead = p.url;
    await p.stop();
    settings({ proxy: dead });
    for (const url of [`${httpsOrigin}/file.bin`, files.url('/plain.bin')]) {
      const error = await download(url).catch((e: unknown) => e);
      expect((error as Error).message).toContain(`cannot connect to proxy ${new URL(dead).host}`);
      expect((error as Error).message).toContain('ECONNREFUSED');
    }
  });
});
