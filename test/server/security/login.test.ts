// Logging in to a Hangar that requires it: bearer token, password and session cookie, the login page and its attacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  PASSWORD,
  TOKEN,
  request,
  rpc,
  socketConnects,
  startSecureServer,
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

const host = () => `127.0.0.1:${server.port}`;

describe('logging in', () => {
  it('a bearer token opens /api and the Socket.IO handshake', async () => {
    const res = await rpc(server.port, 'system.info', {}, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result.version).toMatch(/^\d/);
    expect(await socketConnects(server.url, { authorization: `Bearer ${TOKEN}` })).toBe(
      'connected',
    );
  });

  it('the password gives an HttpOnly, SameSite=Lax session cookie that opens pages, /api and sockets; logout ends it', async () => {
    const res = await request(server.port, {
      path: '/_hangar/login',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'sec-test/1' },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const setCookie = [res.headers['set-cookie'] ?? []].flat()[0];
    expect(setCookie).toMatch(/^hangar_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    const cookie = setCookie!.split(';')[0];
    expect((await rpc(server.port, 'system.info', {}, { cookie })).status).toBe(200);
    expect((await request(server.port, { path: '/', headers: { cookie } })).status).toBe(404);
    expect(await socketConnects(server.url, { cookie })).toBe('connected');
    const out = await request(server.port, {
      path: '/_hangar/logout',
      method: 'POST',
      headers: { cookie, origin: `http://${host()}` },
    });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await rpc(server.port, 'system.info', {}, { cookie })).status).toBe(401);
  });

  it('the printed login URL logs a browser in and drops the token from the address bar', async () => {
    expect(server.loginUrl).toBe(`${server.url}/_hangar/login`);
    const res = await request(server.port, {
      path: `/_hangar/login?token=${TOKEN}&next=/settings`,
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/settings');
    expect(String(res.headers['set-cookie'])).toContain('hangar_session=');
  });

  it('the login form (urlencoded) accepts the password and redirects to next', async () => {
    const res = await request(server.port, {
      path: '/_hangar/login',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host()}` },
      body: new URLSearchParams({ password: PASSWORD, next: '/discover' }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/discover');
  });

  it('serves its own login page with a strict CSP', async () => {
    const res = await request(server.port, {
      path: '/_hangar/login',
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('action="/_hangar/login"');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('open redirect: a login with next=//evil.example lands on / instead', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await request(server.port, {
        path: `/_hangar/login?token=${TOKEN}&next=${encodeURIComponent(next)}`,
      });
      expect(res.headers.location, next).toBe('/');
    }
  });

  it('login CSRF: a cross-origin POST to /_hangar/login is refused with 403', async () => {
    const res = await request(server.port, {
      path: '/_hangar/login',
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://evil.example',
      },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('wrong password: 401, no cookie, and the attempt is in the audit log with address and user agent', async () => {
    const res = await request(server.port, {
      path: '/_hangar/login',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'guesser/2' },
      body: JSON.stringify({ password: 'hunter22-wrong' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    await server.audit.flush();
    const lines = (await readFile(path.join(server.home, 'logs/audit.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'login.failed',
        address: '127.0.0.1',
        userAgent: 'guesser/2',
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'login',
        method: 'password',
        address: '127.0.0.1',
        userAgent: 'sec-test/1',
      }),
    );
  });

  it('oversized login body: 413 before any password check', async () => {
    const res = await request(server.port, {
      path: '/_hangar/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'x'.repeat(64 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});
