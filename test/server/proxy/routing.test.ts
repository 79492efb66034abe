// The proxy takes /apps/<name>… and Referer-routed stray requests, and leaves Hangar's own paths alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, freePort, type Front } from './harness';
import { startAssetApp } from '../../fixtures/apps/asset-app';
import type { FixtureApp } from '../../fixtures/apps/listen';

let front: Front;
let assets: FixtureApp;

beforeAll(async () => {
  front = await startFront();
  assets = await startAssetApp();
  front.register('comfy', assets.port);
});

afterAll(async () => {
  await front.close();
  await assets.close();
});

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
    const html = await request(`${front.url}/apps/sleepy/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(html.status).toBe(502);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('is not running');
    expect(html.body).toContain('href="/manage/sleepy" rel="noreferrer"');
    const json = await request(`${front.url}/apps/sleepy/api/x`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(502);
    expect(JSON.parse(json.body).error).toMatchObject({ code: 'not_available', app: 'sleepy', dashboard: '/manage/sleepy' });
  });

  it('answers at once with a 502 when a running app does not listen on its port', async () => {
    front.register('dead', await freePort());
    const started = Date.now();
    const res = await request(`${front.url}/apps/dead/`, { headers: { accept: 'application/json' } });
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
      const res = await request(`${front.url}${path}`, { method, headers, body: method === 'POST' ? '{}' : undefined });
      expect(res.headers['x-served-by']).toBe('hangar');
    }
    expect(front.fallthrough).toEqual(['GET /_next/static/chunk.js', 'GET /_hangar/socket.io/?EIO=4', 'POST /api']);
  });

  it('ignores a Referer from another host and requests without a Referer', async () => {
    const other = await request(`${front.url}/assets/app.js`, { headers: { referer: 'http://evil.test/apps/comfy/' } });
    expect(other.headers['x-served-by']).toBe('hangar');
    const none = await request(`${front.url}/assets/app.js`);
    expect(none.headers['x-served-by']).toBe('hangar');
  });

  it('leaves stray requests to Hangar when the app turned Referer routing off', async () => {
    front.register('strict', assets.port, { refererRouting: false });
    const res = await request(`${front.url}/assets/app.js`, { headers: { referer: `http://127.0.0.1:${front.port}/apps/strict/`, host: `127.0.0.1:${front.port}` } });
    expect(res.headers['x-served-by']).toBe('hangar');
  });
});
