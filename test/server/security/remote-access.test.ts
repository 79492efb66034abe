// A Hangar bound beyond loopback: every door refuses a client without credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import {
  PASSWORD,
  TOKEN,
  loginCookie,
  request,
  rpc,
  socketConnects,
  startSecureServer,
  upgradeStatus,
  type SecureServer,
} from './security-helpers';

let server: SecureServer;
beforeAll(async () => {
  // A generous limit here: the rate limit has its own server in rate-limit.test.ts.
  server = await startSecureServer({
    env: { HANGAR_TOKEN: TOKEN, HANGAR_PASSWORD: PASSWORD },
    auth: { rateLimit: { perMinute: 1000, perHour: 1000 } },
  });
});
afterAll(() => server.stop());

describe('bound to 0.0.0.0, a client without credentials (connecting through 127.0.0.1) is refused', () => {
  it('requires login on a non-loopback binding, loopback clients included', () => {
    expect(server.authRequired).toBe(true);
  });

  it('no credentials against /: 401 for scripts, a redirect to the login page for browsers', async () => {
    expect((await request(server.port, { path: '/' })).status).toBe(401);
    const browser = await request(server.port, {
      path: '/settings?tab=a',
      headers: { accept: 'text/html' },
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe(
      `/_hangar/login?next=${encodeURIComponent('/settings?tab=a')}`,
    );
  });

  it('no credentials against /api: 401 with WWW-Authenticate, and the method does not run', async () => {
    const res = await rpc(server.port, 'apps.install', { source: 'https://github.com/example/x' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(JSON.parse(res.body).error.code).toBe('unauthorized');
  });

  it('no credentials against /_hangar/socket.io: the handshake (polling and WebSocket) is refused', async () => {
    expect(await socketConnects(server.url, {})).not.toBe('connected');
    const polling = await request(server.port, {
      path: '/_hangar/socket.io/?EIO=4&transport=polling',
    });
    expect(polling.status).toBe(403);
    expect(
      await upgradeStatus(server.port, '/_hangar/socket.io/?EIO=4&transport=websocket'),
    ).not.toBe(101);
  });

  it('no credentials against /apps/<name>/: 401 over HTTP and WebSocket', async () => {
    expect((await request(server.port, { path: '/apps/hello-app/' })).status).toBe(401);
    expect(
      (await request(server.port, { path: '/apps/hello-app/', headers: { accept: 'text/html' } }))
        .headers.location,
    ).toContain('/_hangar/login');
    expect(await upgradeStatus(server.port, '/apps/hello-app/ws')).toBe(401);
  });

  it('no credentials against a per-port app origin: 401 over HTTP and WebSocket', async () => {
    const origin = await server.proxy.openPortOrigin('hello-app', { host: '127.0.0.1' });
    try {
      expect(
        (await request(origin.port, { path: '/', headers: { host: `127.0.0.1:${origin.port}` } }))
          .status,
      ).toBe(401);
      expect(await upgradeStatus(origin.port, '/ws')).toBe(401);
      const cookie = await loginCookie(server.port, { token: TOKEN });
      // Cookies are per host, not per port: the browser sends Hangar's session to the app's port too, and it is no
      // credential there (an app origin takes its own login, handed over through Hangar's origin).
      expect((await request(origin.port, { path: '/', headers: { cookie } })).status).toBe(401);
    } finally {
      await server.proxy.closePortOrigin('hello-app');
    }
  });

  it('forged session cookie: a made-up hangar_session value is refused', async () => {
    const res = await rpc(
      server.port,
      'system.info',
      {},
      { cookie: 'hangar_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    );
    expect(res.status).toBe(401);
  });

  it('wrong bearer token: /api answers 401', async () => {
    expect(
      (await rpc(server.port, 'system.info', {}, { authorization: 'Bearer not-the-token-at-all' }))
        .status,
    ).toBe(401);
    expect(
      (
        await rpc(
          server.port,
          'system.info',
          {},
          { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
        )
      ).status,
    ).toBe(401);
  });

  it("DNS rebinding on a 0.0.0.0 binding: another domain gets 421; an interface address, the machine's own name and loopback names pass the Host check", async () => {
    expect(
      (await request(server.port, { path: '/api', headers: { host: 'evil.example' } })).status,
    ).toBe(421);
    expect(
      (
        await request(server.port, {
          path: '/api',
          headers: { host: `attacker.${os.hostname()}.example:${server.port}` },
        })
      ).status,
    ).toBe(421);
    const name = os.hostname().toLowerCase().split('.')[0]!;
    for (const own of [os.hostname(), `${name}.local`])
      expect(
        (await request(server.port, { path: '/api', headers: { host: `${own}:${server.port}` } }))
          .status,
        own,
      ).toBe(401);
    const addresses = Object.values(os.networkInterfaces())
      .flatMap((l) => l ?? [])
      .filter((i) => i.family === 'IPv4')
      .map((i) => i.address);
    for (const address of addresses) {
      // Only the Host header names the interface: the connection itself goes to 127.0.0.1.
      expect(
        (
          await request(server.port, {
            path: '/api',
            headers: { host: `${address}:${server.port}` },
          })
        ).status,
        address,
      ).toBe(401);
    }
  });
});
