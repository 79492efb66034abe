// The proxy takes /apps/<name>… and Referer-routed stray requests, and leaves Hangar's own paths alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, freePort, type Front } from './harness';
import { startAssetApp } from '../../fixtures/apps/asset-app';
import { startNoSlashApp } from '../../fixtures/apps/no-slash-app';
import type { FixtureApp } from '../../fixtures/apps/listen';
import { HANGAR_PATHS } from '../../../server/proxy/route';
import { parseProxyProfile } from '../../../lib/shared/proxy-profile';

let front: Front;
let assets: FixtureApp;
let noSlash: FixtureApp;

beforeAll(async () => {
  front = await startFront();
  [assets, noSlash] = await Promise.all([startAssetApp(), startNoSlashApp()]);
  front.register('comfy', assets.port);
});

afterAll(async () => {
  await front.close();
  await Promise.all([assets.close(), noSlash.close()]);
});

/** Follows redirects like a browser (at most `limit`), returning the statuses and locations seen. */
async function follow(
  path: string,
  limit = 6,
): Promise<{ chain: string[]; status: number; body: string }> {
  const chain: string[] = [];
  let at = path;
  for (let i = 0; i < limit; i++) {
    const res = await request(`${front.url}${at}`);
    chain.push(`${res.status} ${at}`);
    if (res.status < 300 || res.status >= 400) return { chain, status: res.status, body: res.body };
    at = res.headers.location!;
  }
  return { chain, status: 0, body: '' };
}

describe('app routes', () => {
  it('redirects /apps/<name> to /apps/<name>/ keeping the query', async () => {
    const res = await request(`${front.url}/apps/comfy?tab=2`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/apps/comfy/?tab=2');
    const post = await request(`${front.url}/apps/comfy`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(308);
  });

  it('sends /apps and /apps/ to the library and rejects names that are not one path segment', async () => {
    expect((await request(`${front.url}/apps`)).headers.location).toBe('/');
    expect((await request(`${front.url}/apps/`)).headers.location).toBe('/');
    for (const path of ['/apps/%2e%2e/x', '/apps/../x', '/apps/a%20b/']) {
      expect((await request(`${front.url}${path}`)).status).toBe(404);
    }
  });

  it('forwards /apps/<name>/… to the app with the prefix stripped', async () => {
    const res = await request(`${front.url}/apps/comfy/api/view?file=b.png`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ view: 'viewed b.png' });
  });

  it('answers an app that is not running with an HTML page for browsers and a JSON 502 otherwise', async () => {
    const html = await request(`${front.url}/apps/sleepy/`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(html.status).toBe(502);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('is not running');
    expect(html.body).toContain('href="/manage/sleepy" rel="noreferrer"');
    const json = await request(`${front.url}/apps/sleepy/api/x`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(502);
    expect(JSON.parse(json.body).error).toMatchObject({
      code: 'not_available',
      app: 'sleepy',
      dashboard: '/manage/sleepy',
    });
  });

  it('answers at once with a 502 when a running app does not listen on its port', async () => {
    front.register('dead', await freePort());
    const started = Date.now();
    const res = await request(`${front.url}/apps/dead/`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).error.reason).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(2000);
    front.unregister('dead');
  });
});

describe('stray root-absolute requests', () => {
  const fromComfy = (host: string) => ({ referer: `http://${host}/apps/comfy/`, host });

  it('routes a request whose Referer is inside /apps/<name>/ to that app', async () => {
    const host = `127.0.0.1:${front.port}`;
    const res = await request(`${front.url}/assets/app.js`, { headers: fromComfy(host) });
    expect(res.status).toBe(200);
    expect(res.body).toContain('DOMContentLoaded');
    const api = await request(`${front.url}/api/view?file=c.png`, { headers: fromComfy(host) });
    expect(JSON.parse(api.body)).toEqual({ view: 'viewed c.png' });
  });

  it("keeps Hangar's reserved paths: /_next/, /_hangar/ and POST /api", async () => {
    const headers = fromComfy(`127.0.0.1:${front.port}`);
    front.fallthrough.length = 0;
    for (const [method, path] of [
      ['GET', '/_next/static/chunk.js'],
      ['GET', '/_hangar/socket.io/?EIO=4'],
      ['POST', '/api'],
    ] as const) {
      const res = await request(`${front.url}${path}`, {
        method,
        headers,
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.headers['x-served-by']).toBe('hangar');
    }
    expect(front.fallthrough).toEqual([
      'GET /_next/static/chunk.js',
      'GET /_hangar/socket.io/?EIO=4',
      'POST /api',
    ]);
  });

  it('ignores a Referer from another host and requests without a Referer', async () => {
    const other = await request(`${front.url}/assets/app.js`, {
      headers: { referer: 'http://evil.test/apps/comfy/' },
    });
    expect(other.headers['x-served-by']).toBe('hangar');
    const none = await request(`${front.url}/assets/app.js`);
    expect(none.headers['x-served-by']).toBe('hangar');
  });

  it('leaves stray requests to Hangar when the app turned Referer routing off', async () => {
    front.register('strict', assets.port, { refererRouting: false });
    const res = await request(`${front.url}/assets/app.js`, {
      headers: {
        referer: `http://127.0.0.1:${front.port}/apps/strict/`,
        host: `127.0.0.1:${front.port}`,
      },
    });
    expect(res.headers['x-served-by']).toBe('hangar');
  });
});

describe('strays of strays', () => {
  const host = () => `127.0.0.1:${front.port}`;
  const from = (path: string) => ({ referer: `http://${host()}${path}`, host: host() });

  it('routes a request whose Referer is a stray already routed to an app to that app', async () => {
    const css = await request(`${front.url}/assets/style.css?v=3`, {
      headers: from('/apps/comfy/'),
    });
    expect(css.body).toContain('rgb(0, 128, 0)');
    const next = await request(`${front.url}/api/view?file=font.woff`, {
      headers: from('/assets/style.css?v=9'),
    });
    expect(JSON.parse(next.body)).toEqual({ view: 'viewed font.woff' });
    const third = await request(`${front.url}/assets/app.js`, { headers: from('/api/view') });
    expect(third.headers['x-served-by']).toBe('hangar');
  });

  it('remembers only paths that were routed, per host, and never for an app that takes no strays', async () => {
    const never = await request(`${front.url}/assets/app.js`, {
      headers: from('/assets/never-routed.css'),
    });
    expect(never.headers['x-served-by']).toBe('hangar');
    await request(`${front.url}/assets/other.css`, { headers: from('/apps/comfy/') });
    const otherHost = await request(`${front.url}/assets/app.js`, {
      headers: { referer: 'http://localhost:1/assets/other.css', host: 'localhost:1' },
    });
    expect(otherHost.headers['x-served-by']).toBe('hangar');
    front.register('strict', assets.port, { refererRouting: false });
    await request(`${front.url}/assets/strict.css`, { headers: from('/apps/strict/') });
    const strict = await request(`${front.url}/assets/app.js`, {
      headers: from('/assets/strict.css'),
    });
    expect(strict.headers['x-served-by']).toBe('hangar');
  });

  it("never remembers Hangar's own pages or the root, so Hangar's pages keep their requests", async () => {
    for (const path of ['/', '/settings', '/manage/comfy', '/_next/static/a.js']) {
      await request(`${front.url}${path}`, { headers: from('/apps/comfy/') });
      const after = await request(`${front.url}/icon.svg`, { headers: from(path) });
      expect(after.headers['x-served-by'], path).toBe('hangar');
    }
  });
});

describe('the bare /apps/<name> without its slash', () => {
  it('is forwarded to an app with slashRedirect off, so an app that drops the slash does not loop', async () => {
    front.register('keeps', noSlash.port, { stripPrefix: false, slashRedirect: false });
    const end = await follow('/apps/keeps/');
    expect(end.chain).toEqual(['302 /apps/keeps/', '200 /apps/keeps']);
    expect(JSON.parse(end.body)).toEqual({ path: '/apps/keeps' });
    expect(JSON.parse((await request(`${front.url}/apps/keeps?tab=2`)).body)).toEqual({
      path: '/apps/keeps?tab=2',
    });
  });

  it('reaches a prefix-stripping app as / with its query', async () => {
    front.register('strips', noSlash.port, { slashRedirect: false });
    expect(JSON.parse((await request(`${front.url}/apps/strips`)).body)).toEqual({ path: '/' });
    expect(JSON.parse((await request(`${front.url}/apps/strips?tab=2`)).body)).toEqual({
      path: '/?tab=2',
    });
  });

  it('takes strays from a page at the bare path', async () => {
    front.register('bare', assets.port, { slashRedirect: false });
    const host = `127.0.0.1:${front.port}`;
    const res = await request(`${front.url}/api/view?file=bare.png`, {
      headers: { referer: `http://${host}/apps/bare?x=1`, host },
    });
    expect(JSON.parse(res.body)).toEqual({ view: 'viewed bare.png' });
  });

  it('is still redirected by default, and slashRedirect defaults to true', async () => {
    front.register('loops', noSlash.port, { stripPrefix: false });
    expect((await follow('/apps/loops/')).status).toBe(0);
    expect(parseProxyProfile({}).slashRedirect).toBe(true);
    expect(() => parseProxyProfile({ slashRedirect: 'no' })).toThrow(/slashRedirect/);
  });
});

describe('navigations out of the prefix', () => {
  const host = () => `127.0.0.1:${front.port}`;
  const navigate = (path: string, referer: string, extra: Record<string, string> = {}) =>
    request(`${front.url}${path}`, {
      headers: {
        referer: `http://${host()}${referer}`,
        host: host(),
        'sec-fetch-mode': 'navigate',
        ...extra,
      },
    });

  it('sends a page navigation from inside /apps/<name>/ back under the prefix, query kept', async () => {
    const res = await navigate('/tree/work?sort=name', '/apps/comfy/lab');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/apps/comfy/tree/work?sort=name');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await navigate('/', '/apps/comfy/')).headers.location).toBe('/apps/comfy/');
  });

  it('does the same from a remembered stray of the app', async () => {
    await request(`${front.url}/assets/nav.css`, {
      headers: { referer: `http://${host()}/apps/comfy/`, host: host() },
    });
    expect((await navigate('/doc', '/assets/nav.css')).headers.location).toBe('/apps/comfy/doc');
  });

  it("leaves Hangar's own paths, other requests and apps that take no strays alone", async () => {
    for (const path of HANGAR_PATHS.map((p) => (p.endsWith('/') ? `${p}x` : p)).concat(
      '/manage/comfy',
      '/settings?tab=1',
    )) {
      expect((await navigate(path, '/apps/comfy/')).status, path).not.toBe(302);
    }
    const fetched = await request(`${front.url}/api/view?file=f.png`, {
      headers: { referer: `http://${host()}/apps/comfy/`, host: host(), 'sec-fetch-mode': 'cors' },
    });
    expect(JSON.parse(fetched.body)).toEqual({ view: 'viewed f.png' });
    const posted = await request(`${front.url}/api/view?file=p.png`, {
      method: 'POST',
      body: '',
      headers: {
        referer: `http://${host()}/apps/comfy/`,
        host: host(),
        'sec-fetch-mode': 'navigate',
      },
    });
    expect(JSON.parse(posted.body)).toEqual({ view: 'viewed p.png' });
    front.register('strict', assets.port, { refererRouting: false });
    expect((await navigate('/tree', '/apps/strict/')).headers['x-served-by']).toBe('hangar');
    expect((await navigate('/tree', '/settings')).headers['x-served-by']).toBe('hangar');
  });
});
