// The fast lane serves app GETs off raw connections and hands everything else, mid-connection, to Node's server.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, selfSignedCert, type Front } from './harness';
import { answers, connectTo, exchange as exchangeOn, type Answer, type Connect } from './raw-http';
import { startPrefixHeaderApp } from '../../fixtures/apps/prefix-header-app';
import { startRawHttpApp, type RawHttpApp } from '../../fixtures/apps/raw-http-app';
import type { FixtureApp } from '../../fixtures/apps/listen';

// The lane announces its own keep-alive window; Node's server (which serves what the lane declines) says 5 s.
const LANE_KEEP_ALIVE = 'timeout=7';
const NODE_KEEP_ALIVE = 'timeout=5';

let front: Front;
let app: FixtureApp;
let raw: RawHttpApp;

beforeAll(async () => {
  front = await startFront({ keepAliveMs: 7000 });
  app = await startPrefixHeaderApp();
  raw = await startRawHttpApp();
  front.register('flask', app.port);
  front.register('raw', raw.port);
});

afterAll(async () => {
  await front.close();
  await app.close();
  await raw.close();
});

const plain: Connect = () => connectTo(front.port)();
const exchange = (writes: string[], connect: Connect = plain): Promise<Answer[]> =>
  exchangeOn(writes, connect);

const get = (path: string, extra = ''): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${front.port}\r\n${extra}\r\n`;

describe('fast lane', () => {
  it('carries app requests, then Hangar’s own, then app requests again on one keep-alive connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set<number>();
    const fetchOne = (path: string, method = 'GET', body?: string) =>
      new Promise<{ status: number; keepAlive: string; body: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: front.port, path, method, agent },
          (res) => {
            ports.add(res.socket.localPort!);
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                keepAlive: String(res.headers['keep-alive']),
                body: text,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const first = await fetchOne('/apps/flask/headers?n=1');
      expect(first.keepAlive).toBe(LANE_KEEP_ALIVE);
      expect(JSON.parse(first.body).url).toBe('/headers?n=1');
      const own = await fetchOne('/elsewhere');
      expect(own).toMatchObject({ status: 200, keepAlive: NODE_KEEP_ALIVE, body: 'hangar' });
      // Node's server owns the connection now; app requests keep working through the slow path.
      const again = await fetchOne('/apps/flask/headers?n=2');
      expect(again.keepAlive).toBe(NODE_KEEP_ALIVE);
      expect(JSON.parse(again.body).url).toBe('/headers?n=2');
      const posted = await fetchOne('/apps/flask/headers?n=3', 'POST', 'x=1');
      expect(JSON.parse(posted.body).method).toBe('POST');
      expect(ports.size).toBe(1);
      expect(front.fallthrough).toContain('GET /elsewhere');
    } finally {
      agent.destroy();
    }
  });

  it('answers pipelined requests in order, across the hand-over to Node', async () => {
    const replies = await exchange([
      get('/apps/flask/headers?p=1') +
        get('/apps/flask/headers?p=2') +
        get('/pipelined') +
        get('/apps/flask/headers?p=3', 'Connection: close\r\n'),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(replies.map((r) => r.headers['keep-alive'] ?? 'none')).toEqual([
      LANE_KEEP_ALIVE,
      LANE_KEEP_ALIVE,
      NODE_KEEP_ALIVE,
      'none',
    ]);
    expect(JSON.parse(replies[0]!.body).url).toBe('/headers?p=1');
    expect(JSON.parse(replies[1]!.body).url).toBe('/headers?p=2');
    expect(replies[2]!.body).toBe('hangar');
    expect(JSON.parse(replies[3]!.body).url).toBe('/headers?p=3');
  });

  it('waits for a GET head split across reads and serves it itself; a split POST goes to Node at once', async () => {
    const bytes = get('/apps/flask/headers?split=1');
    const replies = await exchange([
      bytes.slice(0, 2),
      bytes.slice(2, 30),
      bytes.slice(30),
      get('/apps/flask/headers?split=2', 'Connection: close\r\n'),
    ]);
    expect(replies.map((r) => r.headers['keep-alive'] ?? 'none')).toEqual([
      LANE_KEEP_ALIVE,
      'none',
    ]);
    expect(JSON.parse(replies[0]!.body).url).toBe('/headers?split=1');
    const post = `POST /apps/flask/headers HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nx=1`;
    const posted = await exchange([post.slice(0, 10), post.slice(10)]);
    expect(JSON.parse(posted[0]!.body).method).toBe('POST');
  });

  it('answers 408 to a head that does not arrive whole in time, and drops one the browser cuts short', async () => {
    const slow = await startFront({ keepAliveMs: 5000, headersTimeoutMs: 50 });
    slow.register('flask', app.port);
    try {
      const socket = net.connect(slow.port, '127.0.0.1');
      let received = '';
      socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
      const closed = once(socket, 'close');
      socket.write(`GET /apps/flask/headers HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      await closed;
      expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    } finally {
      await slow.close();
    }
    const cut = await plain();
    let answered = '';
    cut.on('data', (data: Buffer) => (answered += data.toString('latin1')));
    const ended = once(cut, 'close');
    cut.end(`GET /apps/flask/headers HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    await ended;
    expect(answered).toBe('');
  });

  it('leaves to Node what it does not serve, and Node refuses what is ambiguous', async () => {
    const http10 = await exchange(['GET /apps/flask/headers?v=10 HTTP/1.0\r\nHost: x\r\n\r\n']);
    expect(JSON.parse(http10[0]!.body).url).toBe('/headers?v=10');
    const duplicateHost = await exchange([
      `GET /apps/flask/headers HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n`,
    ]);
    expect(duplicateHost[0]!.status).toBe(200);
    expect(JSON.parse(duplicateHost[0]!.body).headers.host).toBe('a');
    const posted = await exchange([
      `POST /apps/flask/headers HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nx=1`,
    ]);
    expect(JSON.parse(posted[0]!.body).method).toBe('POST');
    const smuggled = await exchange([
      `GET /apps/flask/headers HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ]);
    expect(smuggled[0]!.status).toBe(400);
  });

  it('re-frames bodies without a length as chunked and keeps the connection for the next request', async () => {
    const replies = await exchange([
      get('/apps/raw/chunked') +
        get('/apps/raw/until-close') +
        get('/apps/raw/no-content', 'Connection: close\r\n'),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 204]);
    expect(replies[0]).toMatchObject({
      body: 'hello world',
      headers: { 'transfer-encoding': 'chunked', 'keep-alive': LANE_KEEP_ALIVE },
    });
    expect(replies[0]!.headers['content-length']).toBeUndefined();
    expect(replies[1]).toMatchObject({
      body: 'all of it until close',
      headers: { 'transfer-encoding': 'chunked', 'keep-alive': LANE_KEEP_ALIVE },
    });
    expect(replies[2]!.headers['x-empty']).toBe('yes');
  });

  it('sends a request the app could not answer the slow way, which explains it, and forwards no invalid header', async () => {
    const garbage = await request(`${front.url}/apps/raw/garbage`, {
      headers: { accept: 'application/json' },
    });
    expect(garbage.status).toBe(502);
    expect(JSON.parse(garbage.body).error.reason).toBe('unreachable');
    const invalid = await request(`${front.url}/apps/raw/bad-header`, {
      headers: { accept: 'application/json' },
    });
    expect(invalid.status).toBe(502);
    expect(invalid.headers['x-evil']).toBeUndefined();
  });

  it('closes a connection idle beyond its keep-alive window, but not one waiting on a quiet app', async () => {
    const quick = await startFront({ keepAliveMs: 10 });
    quick.register('raw', raw.port);
    try {
      const socket = net.connect(quick.port, '127.0.0.1');
      await once(socket, 'connect');
      let received = '';
      socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
      const closed = once(socket, 'close');
      // The app pauses 15 ms between its writes, longer than the 10 ms window.
      socket.write(`GET /apps/raw/chunked HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await closed;
      expect(answers(received)[0]!.body).toBe('hello world');
    } finally {
      await quick.close();
    }
  });
});

describe('fast lane over HTTPS', () => {
  let secure: Front;
  beforeAll(async () => {
    secure = await startFront({ keepAliveMs: 7000, tls: selfSignedCert() });
    secure.register('flask', app.port);
  });
  afterAll(() => secure.close());

  const connect: Connect = async () => {
    // The throwaway certificate is not what these tests check.
    const socket = tls.connect({ port: secure.port, host: '127.0.0.1', rejectUnauthorized: false });
    await once(socket, 'secureConnect');
    return socket;
  };

  it('serves app requests after the handshake, tells the app it is HTTPS, and hands over to Node mid-connection', async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
    const ports = new Set<number>();
    const fetchOne = (path: string, method = 'GET', body?: string) =>
      new Promise<{ keepAlive: string; body: string }>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port: secure.port, path, method, agent },
          (res) => {
            ports.add(res.socket.localPort!);
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({ keepAlive: String(res.headers['keep-alive']), body: text }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const first = await fetchOne('/apps/flask/headers?s=1');
      expect(first.keepAlive).toBe(LANE_KEEP_ALIVE);
      const seen = JSON.parse(first.body) as { url: string; headers: Record<string, string> };
      expect(seen.url).toBe('/headers?s=1');
      expect(seen.headers['x-forwarded-proto']).toBe('https');
      expect(seen.headers['x-forwarded-port']).toBe(String(secure.port));
      expect((await fetchOne('/elsewhere')).keepAlive).toBe(NODE_KEEP_ALIVE);
      const again = await fetchOne('/apps/flask/headers?s=2');
      expect(again.keepAlive).toBe(NODE_KEEP_ALIVE);
      expect(JSON.parse(again.body).headers['x-forwarded-proto']).toBe('https');
      expect(JSON.parse((await fetchOne('/apps/flask/headers', 'POST', 'x=1')).body).method).toBe(
        'POST',
      );
      expect(ports.size).toBe(1);
      expect(secure.fallthrough).toContain('GET /elsewhere');
    } finally {
      agent.destroy();
    }
  });

  it('answers pipelined requests in order across the hand-over', async () => {
    const host = `Host: 127.0.0.1:${secure.port}\r\n`;
    const head = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\n${host}${extra}\r\n`;
    const replies = await exchange(
      [
        head('/apps/flask/headers?p=1') +
          head('/pipelined') +
          head('/apps/flask/headers?p=2', 'Connection: close\r\n'),
      ],
      connect,
    );
    expect(replies.map((r) => r.headers['keep-alive'] ?? 'none')).toEqual([
      LANE_KEEP_ALIVE,
      NODE_KEEP_ALIVE,
      'none',
    ]);
    expect(JSON.parse(replies[0]!.body).url).toBe('/headers?p=1');
    expect(replies[1]!.body).toBe('hangar');
    expect(JSON.parse(replies[2]!.body).url).toBe('/headers?p=2');
  });
});
