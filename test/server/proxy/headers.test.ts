// Proxied requests carry the X-Forwarded-* contract and the browser's Host, never Hangar's cookies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, HANGAR_COOKIE, type Front } from './harness';
import { startPrefixHeaderApp } from '../../fixtures/apps/prefix-header-app';
import type { FixtureApp } from '../../fixtures/apps/listen';

let front: Front;
let app: FixtureApp;

beforeAll(async () => {
  front = await startFront();
  app = await startPrefixHeaderApp();
  front.register('flask', app.port);
});

afterAll(async () => {
  await front.close();
  await app.close();
});

async function seen(path: string, headers: Record<string, string> = {}) {
  const res = await request(`${front.url}${path}`, { headers });
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as { url: string; headers: Record<string, string> };
}

describe('request headers', () => {
  it('sends X-Forwarded-Host with its port, -Proto, -For, -Port and -Prefix, and keeps Host as the browser sent it', async () => {
    const host = `127.0.0.1:${front.port}`;
    const { url, headers } = await seen('/apps/flask/headers?q=1', {
      host,
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-prefix': '/evil',
    });
    expect(url).toBe('/headers?q=1');
    expect(headers.host).toBe(host);
    expect(headers['x-forwarded-host']).toBe(host);
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-port']).toBe(String(front.port));
    expect(headers['x-forwarded-prefix']).toBe('/apps/flask');
    expect(headers['x-ingress-path']).toBe('/apps/flask');
  });

  it("sends the app's own address as Host when the profile asks for it", async () => {
    front.register('upstream-host', app.port, { host: 'upstream' });
    const { headers } = await seen('/apps/upstream-host/headers');
    expect(headers.host).toBe(`127.0.0.1:${app.port}`);
    expect(headers['x-forwarded-host']).toBe(`127.0.0.1:${front.port}`);
  });

  it("strips Hangar's cookies and keeps the app's", async () => {
    const { headers } = await seen('/apps/flask/headers', {
      cookie: `a=1; ${HANGAR_COOKIE}=secret; b=2`,
    });
    expect(headers.cookie).toBe('a=1; b=2');
    const only = await seen('/apps/flask/headers', { cookie: `${HANGAR_COOKIE}=secret` });
    expect(only.headers.cookie).toBeUndefined();
  });

  it('drops hop-by-hop headers, including those named in Connection', async () => {
    const { headers } = await seen('/apps/flask/headers', {
      connection: 'x-secret-hop',
      'x-secret-hop': '1',
      'x-kept': '1',
    });
    expect(headers['x-secret-hop']).toBeUndefined();
    expect(headers['x-kept']).toBe('1');
  });

  it('keeps the prefix in the upstream path when the profile does not strip it', async () => {
    front.register('keeper', app.port, { stripPrefix: false });
    const res = await request(`${front.url}/apps/keeper/headers`);
    expect(res.status).toBe(404);
    expect(res.body).toBe('no /apps/keeper/headers');
  });
});

describe('apps that read X-Forwarded-Prefix', () => {
  it('build their links under the prefix', async () => {
    const res = await request(`${front.url}/apps/flask/`);
    expect(res.body).toContain('href="/apps/flask/page"');
  });

  it('are not given the prefix twice in redirects and cookie paths', async () => {
    const res = await request(`${front.url}/apps/flask/go`);
    expect(res.headers.location).toBe('/apps/flask/page');
    expect(res.headers['set-cookie']).toEqual(['seen=1; Path=/apps/flask/']);
  });
});
