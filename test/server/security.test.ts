import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { io as connect } from 'socket.io-client';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

function request(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpcBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system.info' });

function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('Host and Origin checks', () => {
  it('DNS rebinding: a foreign Host gets 421 on pages and the API', async () => {
    expect((await request({ path: '/', headers: { host: 'evil.example:42000' } })).status).toBe(
      421,
    );
    const api = await request({
      path: '/api',
      method: 'POST',
      headers: { host: 'evil.example', 'content-type': 'application/json' },
      body: rpcBody,
    });
    expect(api.status).toBe(421);
  });

  it('accepts loopback Host names: 127.0.0.1, localhost, [::1]', async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      `[::1]:${server.port}`,
    ]) {
      const res = await request({
        path: '/api',
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
        body: rpcBody,
      });
      expect(res.status, host).toBe(200);
    }
  });

  it('CSRF: a cross-site Origin on POST /api gets 403', async () => {
    const res = await request({
      path: '/api',
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: rpcBody,
    });
    expect(res.status).toBe(403);
    const viaFetchMeta = await request({
      path: '/api',
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      body: rpcBody,
    });
    expect(viaFetchMeta.status).toBe(403);
  });

  it('CSRF: a form-encoded POST /api gets 415 and runs nothing', async () => {
    const res = await request({
      path: '/api',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'jsonrpc=2.0&method=system.info',
    });
    expect(res.status).toBe(415);
  });

  it('accepts a same-origin POST /api', async () => {
    const res = await request({
      path: '/api',
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: rpcBody,
    });
    expect(res.status).toBe(200);
  });

  it('cross-site WebSocket: upgrades with a foreign Origin get 403, foreign Host 421', async () => {
    expect(await upgradeStatus('/apps/x/ws', { origin: 'http://evil.example' })).toBe(403);
    expect(
      await upgradeStatus('/_hangar/socket.io/?EIO=4&transport=websocket', {
        origin: 'http://evil.example',
      }),
    ).toBe(403);
    expect(await upgradeStatus('/apps/x/ws', { host: 'evil.example' })).toBe(421);
  });

  it('destroys upgrades to paths nobody serves', async () => {
    expect(await upgradeStatus('/nowhere', {})).toBe(404);
  });
});

describe('Socket.IO', () => {
  it('connects at /_hangar/socket.io and receives the hello event', async () => {
    const socket = connect(server.url, { path: '/_hangar/socket.io', transports: ['websocket'] });
    try {
      const hello = await new Promise<{ version: string }>((resolve, reject) => {
        socket.on('hello', resolve);
        socket.on('connect_error', reject);
      });
      expect(hello.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      socket.close();
    }
  });

  it('refuses a polling handshake from a foreign Origin', async () => {
    const res = await request({
      path: '/_hangar/socket.io/?EIO=4&transport=polling',
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('/apps/<name>/ before the app runs', () => {
  it('answers a clear HTML 404 page linking to Discover for an app that is not installed', async () => {
    const res = await request({ path: '/apps/comfy/', headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.body).toContain('Nothing by that name is installed here');
    expect(res.body).toContain('href="/discover"');
  });

  it('answers JSON 404 to non-HTML clients', async () => {
    const res = await request({
      path: '/apps/comfy/api/x',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({
      error: {
        code: 'not_found',
        app: 'comfy',
        reason: 'not-installed',
        dashboard: '/discover',
      },
    });
  });
});
