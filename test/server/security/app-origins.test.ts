// The default origin mode behind the login: each app at the root of its own origin, reached with a login of its own
// handed over by Hangar's origin; nothing served for an app can act on Hangar, and Hangar's session is no key to apps.
import { describe, expect, it } from 'vitest';
import { TOKEN, loginCookie, request, rpc, upgradeStatus } from './security-helpers';
import { bearer, json, withEchoApp, upgradeStatusOf } from './echo-app';

const { port, appHost, appLogin } = withEchoApp();

describe('an app at its own origin, behind the login', () => {
  it('/apps/<name>/… on Hangar’s origin hands the browser over to <name>.localhost with a one-time code, and lands on the same path', async () => {
    const session = await loginCookie(port(), { token: TOKEN });
    const { cookie, origin, landed } = await appLogin(session, '/echo?x=1');
    expect(origin.host).toBe(appHost());
    expect(landed).toBe('/echo?x=1');
    expect(cookie).toMatch(/^hangar_app_hello-app=/);
    const page = await request(port(), {
      path: '/echo?x=1',
      headers: { host: appHost(), cookie: `${cookie}; own=1` },
    });
    expect(page.status).toBe(200);
    const seen = json(page);
    expect(seen.url).toBe('/echo?x=1');
    // The app sees its own cookie only: never its login cookie nor Hangar's session.
    expect(seen.headers.cookie).toBe('own=1');
    expect(seen.headers['x-forwarded-prefix']).toBeUndefined();
    // An app may not set a cookie of Hangar's.
    expect([page.headers['set-cookie'] ?? []].flat().join('\n')).not.toContain('hangar_app_other');
  });

  it('Hangar’s own session is no key to an app origin: 401 for scripts, a redirect to Hangar’s app login for browsers', async () => {
    const session = await loginCookie(port(), { token: TOKEN });
    expect(
      (await request(port(), { path: '/echo', headers: { host: appHost(), cookie: session } }))
        .status,
    ).toBe(401);
    const browser = await request(port(), {
      path: '/echo?y=2',
      headers: { host: appHost(), cookie: session, accept: 'text/html' },
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe(
      `http://localhost:${port()}/_hangar/app-login?app=hello-app&next=${encodeURIComponent('/echo?y=2')}`,
    );
    expect(
      (
        await request(port(), {
          path: '/echo',
          headers: { host: appHost(), cookie: 'hangar_app_hello-app=made-up' },
        })
      ).status,
    ).toBe(401);
    // Scripts may use the bearer token; it never reaches the app.
    const scripted = await request(port(), {
      path: '/echo',
      headers: { host: appHost(), ...bearer },
    });
    expect(scripted.status).toBe(200);
    expect(json(scripted).headers.authorization).toBeUndefined();
  });

  it('a page of the app’s origin cannot act on Hangar: the API, Socket.IO and a terminal are refused with the user’s session', async () => {
    const session = await loginCookie(port(), { token: TOKEN });
    const fromApp = {
      origin: `http://${appHost()}`,
      'sec-fetch-site': 'same-site',
      cookie: session,
    };
    const install = await rpc(
      port(),
      'apps.install',
      { source: 'https://example.invalid/evil' },
      fromApp,
    );
    expect(install.status).toBe(403);
    const settings = await rpc(port(), 'settings.set', { allowHosts: ['evil.example'] }, fromApp);
    expect(settings.status).toBe(403);
    expect(
      (
        await request(port(), {
          path: '/_hangar/socket.io/?EIO=4&transport=polling',
          headers: fromApp,
        })
      ).status,
    ).toBe(403);
    expect(
      await upgradeStatus(port(), '/_hangar/socket.io/?EIO=4&transport=websocket', fromApp),
    ).toBe(403);
    // The app's own host never reaches Hangar's API: /api there is the app's.
    const { cookie } = await appLogin(session, '/');
    const onAppHost = await request(port(), {
      path: '/api',
      method: 'POST',
      headers: {
        host: appHost(),
        cookie,
        'content-type': 'application/json',
        origin: `http://${appHost()}`,
      },
      body: '{}',
    });
    expect(json(onAppHost).url).toBe('/api');
    expect(
      (
        await request(port(), {
          path: '/_hangar/socket.io/?EIO=4&transport=polling',
          headers: { host: appHost(), cookie },
        })
      ).status,
    ).toBe(200);
  });

  it('WebSockets to an app come only from its own pages; posts from Hangar’s or another app’s pages are refused', async () => {
    const session = await loginCookie(port(), { token: TOKEN });
    const { cookie } = await appLogin(session, '/');
    const base = { host: appHost(), cookie };
    expect(await upgradeStatusOf(port(), '/ws', { ...base, origin: `http://${appHost()}` })).toBe(
      101,
    );
    expect(
      await upgradeStatusOf(port(), '/ws', {
        ...base,
        origin: `http://127.0.0.1:${port()}`,
      }),
    ).toBe(403);
    expect(
      await upgradeStatusOf(port(), '/ws', {
        ...base,
        origin: `http://other.localhost:${port()}`,
      }),
    ).toBe(403);
    const post = (origin: string) =>
      request(port(), {
        path: '/run',
        method: 'POST',
        headers: { ...base, origin, 'content-type': 'text/plain' },
        body: 'x',
      });
    expect((await post(`http://other.localhost:${port()}`)).status).toBe(403);
    expect((await post(`http://127.0.0.1:${port()}`)).status).toBe(403);
    expect((await post(`http://${appHost()}`)).status).toBe(200);
  });
});
