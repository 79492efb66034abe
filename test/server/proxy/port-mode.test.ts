// `mode: port` apps get their own listener on the same host, with the authorize hook in front.
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFront, request, selfSignedCert, HANGAR_COOKIE, type Front } from './harness';
import { connectTo, exchange } from './raw-http';
import { startCookieApp } from '../../fixtures/apps/cookie-app';
import { startWsEchoApp } from '../../fixtures/apps/ws-echo-app';
import { startPrefixHeaderApp } from '../../fixtures/apps/prefix-header-app';
import { startRawHttpApp } from '../../fixtures/apps/raw-http-app';
import type { FixtureApp } from '../../fixtures/apps/listen';
import { messageText } from '../../helpers/ws-text';

let front: Front;
let webui: FixtureApp;
let echo: FixtureApp;

beforeAll(async () => {
  front = await startFront({ authorize: (req) => req.headers.authorization !== 'Bearer wrong' });
  [webui, echo] = await Promise.all([startCookieApp('webui'), startWsEchoApp()]);
  front.register('webui', webui.port, { mode: 'port' });
  front.register('echo', echo.port, { mode: 'port' });
});

afterAll(async () => {
  await front.close();
  await Promise.all([webui.close(), echo.close()]);
});

describe('port origins', () => {
  it('says so on /apps/<name>/ while the port origin is closed', async () => {
    const res = await request(`${front.url}/apps/webui/`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).error.reason).toBe('port-mode');
  });

  it('forwards everything at the root of its own port, with cookies unscoped but Domain dropped', async () => {
    const origin = await front.proxy.openPortOrigin('webui');
    expect(await front.proxy.openPortOrigin('webui')).toEqual(origin);
    const base = `http://127.0.0.1:${origin.port}`;
    const set = await request(`${base}/set`);
    expect(set.headers['set-cookie']?.[0]).toBe('session=webui; Path=/; HttpOnly; SameSite=Lax');
    const got = JSON.parse(
      (
        await request(`${base}/get`, {
          headers: { cookie: `session=webui; ${HANGAR_COOKIE}=secret` },
        })
      ).body,
    );
    expect(got.cookie).toBe('session=webui');
  });

  it('redirects /apps/<name>/… on the main origin to the open port origin', async () => {
    const origin = front.proxy.portOrigin('webui');
    const res = await request(`${front.url}/apps/webui/get?x=1`, {
      headers: { host: `127.0.0.1:${front.port}` },
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`http://127.0.0.1:${origin?.port}/get?x=1`);
  });

  it('asks the authorize hook for HTTP and WebSocket requests', async () => {
    const origin = await front.proxy.openPortOrigin('echo');
    const denied = await request(`http://127.0.0.1:${origin.port}/`, {
      headers: { authorization: 'Bearer wrong' },
    });
    expect(denied.status).toBe(401);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${origin.port}/ws`, {
        headers: { authorization: 'Bearer wrong' },
      });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);
    const socket = new WebSocket(`ws://127.0.0.1:${origin.port}/ws`);
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(messageText(data)));
      socket.once('error', reject);
    });
    expect(first).toBe('prefix -');
    socket.close();
  });

  it('serves plain GETs on the fast lane and gives the connection to Node at the first other request', async () => {
    const app = await startRawHttpApp();
    try {
      front.register('raw', app.port, { mode: 'port' });
      const origin = await front.proxy.openPortOrigin('raw');
      const get = (extra = ''): string =>
        `GET /no-content HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;
      const post = 'POST /no-content HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n';
      const connect = connectTo(origin.port);
      // Pipelined: the lane serves the first GET and hands the POST and what follows to Node. Node's ServerResponse
      // adds a Date to an answer that has none; the lane passes the app's head as it is.
      const [lane, node, after] = await exchange(
        [get() + post + get('Connection: close\r\n')],
        connect,
      );
      expect([lane, node, after].map((a) => a?.status)).toEqual([204, 204, 204]);
      expect(lane!.headers.date).toBeUndefined();
      expect(node!.headers.date).toBeDefined();
      expect(after!.headers.date).toBeDefined();
      // What the lane may not admit goes to Node's path, where the gate answers.
      const [denied] = await exchange(
        [get('Authorization: Bearer wrong\r\nConnection: close\r\n')],
        connect,
      );
      expect(denied!.status).toBe(401);
      front.unregister('raw');
      const [stopped] = await exchange(
        [get('Accept: application/json\r\nConnection: close\r\n')],
        connect,
      );
      expect(stopped!.status).toBe(502);
    } finally {
      await front.proxy.closePortOrigin('raw');
      await app.close();
    }
  });

  it('stops listening when closed', async () => {
    const origin = front.proxy.portOrigin('webui');
    await front.proxy.closePortOrigin('webui');
    expect(front.proxy.portOrigin('webui')).toBeNull();
    await expect(request(`http://127.0.0.1:${origin?.port}/get`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('serves HTTPS when given credentials, telling the app X-Forwarded-Proto: https', async () => {
    const app = await startPrefixHeaderApp();
    try {
      front.register('secure', app.port, { mode: 'port' });
      const origin = await front.proxy.openPortOrigin('secure', { tls: selfSignedCert() });
      expect(origin.protocol).toBe('https');
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(
            `https://127.0.0.1:${origin.port}/headers`,
            { rejectUnauthorized: false, agent: false },
            (res) => {
              let text = '';
              res.on('data', (d: Buffer) => (text += d.toString()));
              res.on('end', () => resolve(text));
            },
          )
          .on('error', reject);
      });
      const { headers } = JSON.parse(body) as { headers: Record<string, string> };
      expect(headers['x-forwarded-proto']).toBe('https');
      expect(headers['x-forwarded-port']).toBe(String(origin.port));
      expect(headers['x-forwarded-prefix']).toBeUndefined();
      const redirect = await request(`${front.url}/apps/secure/`, {
        headers: { host: `127.0.0.1:${front.port}` },
      });
      expect(redirect.headers.location).toBe(`https://127.0.0.1:${origin.port}/`);
    } finally {
      await front.proxy.closePortOrigin('secure');
      await app.close();
    }
  });
});
