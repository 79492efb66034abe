import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLoginRateLimiter, createSessionStore } from '../../../server/auth';
import { PASSWORD, request, startSecureServer, type SecureServer } from './security-helpers';

let server: SecureServer;
beforeAll(async () => {
  server = await startSecureServer({ env: { HANGAR_PASSWORD: PASSWORD } });
});
afterAll(() => server.stop());

const login = (password: string) =>
  request(server.port, {
    path: '/_hangar/login',
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'brute/1' },
    body: JSON.stringify({ password }),
  });

describe('login rate limiting', () => {
  it('rate limit reached: after 2 wrong passwords in a minute even the right one gets 429 with Retry-After, and it is audited', async () => {
    expect((await login('wrong-password-1')).status).toBe(401);
    expect((await login('wrong-password-2')).status).toBe(401);
    const limited = await login(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['set-cookie']).toBeUndefined();
    await server.audit.flush();
    const log = await readFile(path.join(server.home, 'logs/audit.log'), 'utf8');
    expect(log).toContain('"event":"login.rate-limited"');
    expect(log).not.toContain(PASSWORD);
  });

  it('rate limit reached: guessing the bearer token is limited the same way', async () => {
    const res = await request(server.port, {
      path: '/api',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer guess' },
      body: '{}',
    });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('allows 12 failures an hour: the 13th waits for the oldest to age out', () => {
    let now = 0;
    const limiter = createLoginRateLimiter({ now: () => now });
    for (let i = 0; i < 12; i += 1) {
      expect(limiter.retryAfterSec('10.0.0.9'), `attempt ${i}`).toBe(0);
      limiter.fail('10.0.0.9');
      now += 31_000;
    }
    expect(limiter.retryAfterSec('10.0.0.9')).toBeGreaterThan(60);
    expect(limiter.retryAfterSec('10.0.0.10')).toBe(0);
    now += 3600_000;
    expect(limiter.retryAfterSec('10.0.0.9')).toBe(0);
  });
});

describe('session expiry', () => {
  it('a stolen old session cookie stops working after the lifetime, and after idling', () => {
    let now = 0;
    const sessions = createSessionStore({ ttlMs: 10_000, idleMs: 4_000, now: () => now });
    const id = sessions.create('127.0.0.1');
    now = 3_000;
    expect(sessions.touch(id)).toBe(true);
    now = 6_000;
    expect(sessions.touch(id)).toBe(true);
    now = 10_500;
    expect(sessions.touch(id)).toBe(false);
    const idle = sessions.create('127.0.0.1');
    now += 4_001;
    expect(sessions.touch(idle)).toBe(false);
  });

  it('an expired session cookie gets 401 from the server', async () => {
    let now = Date.now();
    const short = await startSecureServer({
      env: { HANGAR_TOKEN: 'short-lived-token-0123456789' },
      auth: { sessions: { ttlMs: 60_000, now: () => now } },
    });
    try {
      const res = await request(short.port, {
        path: '/_hangar/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'short-lived-token-0123456789' }),
      });
      const cookie = String([res.headers['set-cookie']].flat()[0]).split(';')[0];
      const call = () =>
        request(short.port, {
          path: '/api',
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: '{"jsonrpc":"2.0","id":1,"method":"system.info"}',
        });
      expect((await call()).status).toBe(200);
      now += 61_000;
      expect((await call()).status).toBe(401);
    } finally {
      await short.stop();
    }
  });
});
