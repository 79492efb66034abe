// Responses come back scoped to the app's prefix: redirects, Refresh, Content-Location and cookies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, HANGAR_COOKIE, HANGAR_COOKIES, type Front } from './harness';
import { startLoginApp } from '../../fixtures/apps/login-app';
import { startCookieApp } from '../../fixtures/apps/cookie-app';
import type { FixtureApp } from '../../fixtures/apps/listen';
import { rewriteLocation } from '../../../server/proxy/location';
import { rewriteSetCookie, upstreamCookie } from '../../../server/proxy/cookies';

// Every behaviour holds on both paths: the fast lane (GET/HEAD) and Node's server (what the lane hands over, and TLS).
describe.each([
  ['fast lane', true],
  ["Node's server", false],
])('through the %s', (_path, fastLane) => {
  let front: Front;
  let login: FixtureApp;
  let cookiesA: FixtureApp;
  let cookiesB: FixtureApp;

  beforeAll(async () => {
    front = await startFront({ fastLane });
    [login, cookiesA, cookiesB] = await Promise.all([
      startLoginApp(),
      startCookieApp('alpha'),
      startCookieApp('beta'),
    ]);
    front.register('login', login.port);
    front.register('alpha', cookiesA.port, { refererRouting: false });
    front.register('beta', cookiesB.port, { refererRouting: false });
    front.register('rooted', cookiesA.port);
  });

  afterAll(async () => {
    await front.close();
    await Promise.all([login.close(), cookiesA.close(), cookiesB.close()]);
  });

  describe('redirects', () => {
    it('rewrites Location: /login under the prefix', async () => {
      const res = await request(`${front.url}/apps/login/`);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/apps/login/login?next=%2F');
      const page = await request(`${front.url}${res.headers.location}`);
      expect(page.body).toContain('Please log in');
    });

    it("rewrites absolute redirects to the app's own port and to the browser's Host", async () => {
      expect((await request(`${front.url}/apps/login/absolute`)).headers.location).toBe(
        '/apps/login/login?from=absolute',
      );
      const host = `127.0.0.1:${front.port}`;
      const byHost = await request(`${front.url}/apps/login/by-host`, { headers: { host } });
      expect(byHost.headers.location).toBe(`http://${host}/apps/login/login?from=host`);
      expect(byHost.headers['content-location']).toBe('/apps/login/login');
    });

    it('leaves external redirects alone and rewrites Refresh', async () => {
      expect((await request(`${front.url}/apps/login/external`)).headers.location).toBe(
        'https://example.com/oauth',
      );
      expect((await request(`${front.url}/apps/login/refresh`)).headers.refresh).toBe(
        '0; url=/apps/login/login?from=refresh',
      );
    });

    it('rewrites the URL forms apps emit', () => {
      const at = (value: string) => rewriteLocation(value, '/apps/x', { port: 7860 }, 'box:42000');
      expect(at('/')).toBe('/apps/x/');
      expect(at('/apps/x/already')).toBe('/apps/x/already');
      expect(at('relative/path')).toBe('relative/path');
      expect(at('http://localhost:7860/a?b#c')).toBe('/apps/x/a?b#c');
      expect(at('http://localhost:9999/a')).toBe('http://localhost:9999/a');
      expect(at('//box:42000/a')).toBe('//box:42000/apps/x/a');
      expect(rewriteLocation('/login', '', { port: 7860 }, 'box:43000')).toBe('/login');
    });
  });

  describe('cookies', () => {
    it('scopes Set-Cookie to /apps/<name>/ and drops Domain for an app that takes no strays', async () => {
      const res = await request(`${front.url}/apps/alpha/set`);
      expect(res.headers['set-cookie']).toEqual([
        'session=alpha; Path=/apps/alpha/; HttpOnly; SameSite=Lax',
        'theme=dark; Path=/apps/alpha/',
        'pref=1; Path=/apps/alpha/settings',
      ]);
    });

    it('keeps the paths an app that takes strays sets, and gives a cookie without one Path=/', async () => {
      const res = await request(`${front.url}/apps/rooted/set`);
      expect(res.headers['set-cookie']).toEqual([
        'session=alpha; Path=/; HttpOnly; SameSite=Lax',
        'theme=dark; Path=/',
        'pref=1; Path=/settings',
      ]);
    });

    it('renames cookies per app when the profile asks, and sends each app only its own', async () => {
      front.register('alpha-r', cookiesA.port, { cookieRename: true, refererRouting: false });
      front.register('beta-r', cookiesB.port, { cookieRename: true });
      const setA = await request(`${front.url}/apps/alpha-r/set`);
      expect(setA.headers['set-cookie']?.[0]).toBe(
        'alpha-r__session=alpha; Path=/apps/alpha-r/; HttpOnly; SameSite=Lax',
      );
      const setB = await request(`${front.url}/apps/beta-r/set`);
      expect(setB.headers['set-cookie']?.[0]).toBe(
        'beta-r__session=beta; Path=/; HttpOnly; SameSite=Lax',
      );
      const jar = `alpha-r__session=alpha; beta-r__session=beta; session=stray; ${HANGAR_COOKIE}=secret`;
      const seenA = JSON.parse(
        (await request(`${front.url}/apps/alpha-r/get`, { headers: { cookie: jar } })).body,
      );
      const seenB = JSON.parse(
        (await request(`${front.url}/apps/beta-r/get`, { headers: { cookie: jar } })).body,
      );
      expect(seenA.cookie).toBe('session=alpha');
      expect(seenB.cookie).toBe('session=beta');
    });

    it("never lets an app set one of Hangar's cookies", () => {
      const hangar = HANGAR_COOKIES;
      expect(
        rewriteSetCookie(`${HANGAR_COOKIE}=forged; Path=/`, '/apps/x', hangar, null),
      ).toBeNull();
      expect(rewriteSetCookie(`${HANGAR_COOKIE}=mine; Path=/`, '/apps/x', hangar, 'x__')).toBe(
        `x__${HANGAR_COOKIE}=mine; Path=/apps/x/`,
      );
      expect(rewriteSetCookie('a=1; Domain=.box; Path=/', '', hangar, null)).toBe('a=1; Path=/');
      expect(rewriteSetCookie(`${HANGAR_COOKIE}=forged; Path=/`, '/', hangar, null)).toBeNull();
      expect(rewriteSetCookie('a=1; Path=relative', '/', hangar, null)).toBe('a=1; Path=/');
      expect(rewriteSetCookie('a=1; Path=/apps/x/', '/', hangar, 'x__')).toBe(
        'x__a=1; Path=/apps/x/',
      );
      expect(upstreamCookie(`${HANGAR_COOKIE}=s`, hangar, null)).toBeNull();
    });
  });
});
