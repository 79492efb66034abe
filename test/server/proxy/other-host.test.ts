// Apps on another host (a cluster node): the proxy forwards to the target's address, on every path, and keeps
// each host's connections apart. Linux routes all of 127.0.0.0/8 to loopback, so 127.0.0.2 and 127.0.0.3 stand in.
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, freePort, type Front } from './harness';
import { startNodeApp, type NodeApp } from '../../fixtures/apps/node-app';
import { upstreamAuthority, upstreamHost } from '../../../server/proxy/upstream-address';
import { rewriteLocation } from '../../../server/proxy/location';

// The lane announces its own keep-alive window; Node's server (the slow path) says 5 s.
const LANE_KEEP_ALIVE = 'timeout=7';
const NODE_KEEP_ALIVE = 'timeout=5';

let front: Front;
let node: NodeApp;
let twinA: NodeApp;
let twinB: NodeApp;

/** Two apps on one port, one on 127.0.0.2 and one on 127.0.0.3 (another program may hold the port on .3: try again). */
async function twins(): Promise<[NodeApp, NodeApp]> {
  for (let tries = 0; ; tries++) {
    const a = await startNodeApp('twin-a', '127.0.0.2');
    try {
      return [a, await startNodeApp('twin-b', '127.0.0.3', a.port)];
    } catch (error) {
      await a.close();
      if (tries === 4) throw error;
    }
  }
}

/** Whether anything accepts a TCP connection at host:port. */
async function answers(host: string, port: number): Promise<boolean> {
  const socket = net.connect({ host, port });
  const [event] = await Promise.race([once(socket, 'connect'), once(socket, 'error')]).then(
    () => [socket.connecting ? 'error' : 'connect'],
    () => ['error'],
  );
  socket.destroy();
  return event === 'connect';
}

interface Reply {
  status: number;
  /** Which path served it: the lane and Node's server announce different keep-alive windows. */
  keepAlive: string;
  body: string;
}

/** One request on a fresh keep-alive connection (without keep-alive neither path announces its window). */
function call(path: string, method = 'GET', body?: string): Promise<Reply> {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<Reply>((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port: front.port, path, method, agent }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            keepAlive: String(res.headers['keep-alive']),
            body: text,
          }),
        );
      })
      .on('error', reject)
      .end(body);
  }).finally(() => agent.destroy());
}

const get = (path: string): Promise<Reply> => call(path);
const post = (path: string, body: string): Promise<Reply> => call(path, 'POST', body);

beforeAll(async () => {
  front = await startFront({ keepAliveMs: 7000 });
  node = await startNodeApp('node', '127.0.0.2');
  [twinA, twinB] = await twins();
  front.register('node', node.port, {}, '127.0.0.2');
  front.register('twin-a', twinA.port, {}, '127.0.0.2');
  front.register('twin-b', twinB.port, {}, '127.0.0.3');
});

afterAll(async () => {
  await front.close();
  await Promise.all([node.close(), twinA.close(), twinB.close()]);
});

describe('an app on another host', () => {
  it('listens only on its own address: 127.0.0.1 at its port does not answer', async () => {
    expect(await answers('127.0.0.2', node.port)).toBe(true);
    expect(await answers('127.0.0.1', node.port)).toBe(false);
  });

  it('serves a GET through the fast lane from the app’s address', async () => {
    const res = await get('/apps/node/whoami?q=1');
    expect(res.status).toBe(200);
    expect(res.keepAlive).toBe(LANE_KEEP_ALIVE);
    const seen = JSON.parse(res.body);
    expect(seen).toMatchObject({ app: 'node', method: 'GET', url: '/whoami?q=1' });
    expect(seen.local).toBe(`127.0.0.2:${node.port}`);
    expect(seen.host).toBe(`127.0.0.1:${front.port}`);
  });

  it('serves a POST with its body through the slow path', async () => {
    const res = await post('/apps/node/echo', 'sent to the node');
    expect(res.status).toBe(200);
    expect(res.keepAlive).toBe(NODE_KEEP_ALIVE);
    expect(JSON.parse(res.body)).toMatchObject({
      app: 'node',
      method: 'POST',
      body: 'sent to the node',
      local: `127.0.0.2:${node.port}`,
    });
  });

  it('sends the app’s own address as Host when the profile says host: upstream', async () => {
    front.register('node-host', node.port, { host: 'upstream' }, '127.0.0.2');
    const lane = JSON.parse((await get('/apps/node-host/whoami')).body);
    const slow = JSON.parse((await post('/apps/node-host/echo', 'x')).body);
    expect([lane.host, slow.host]).toEqual([`127.0.0.2:${node.port}`, `127.0.0.2:${node.port}`]);
    front.unregister('node-host');
  });

  it('echoes WebSocket messages', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${front.port}/apps/node/ws`);
    try {
      await once(socket, 'open');
      socket.send('hello node');
      const [message] = await once(socket, 'message');
      expect(String(message)).toBe('node echo: hello node');
    } finally {
      socket.close();
    }
  });

  it('maps a redirect to the app’s own address back under its prefix, and leaves other hosts alone', async () => {
    for (const fastLane of [true, false]) {
      const path = '/apps/node/redirect';
      const res = fastLane
        ? await request(`${front.url}${path}`)
        : await request(`${front.url}${path}`, { method: 'POST', body: '' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/apps/node/x');
      expect(res.headers.refresh).toBe('0; url=/apps/node/y');
    }
    const away = await request(`${front.url}/apps/node/redirect-away`);
    expect(away.headers.location).toBe(`http://127.0.0.9:${node.port}/x`);
  });

  it('keeps two apps with the same port on two hosts apart, each on its own pooled connections', async () => {
    expect(twinA.port).toBe(twinB.port);
    const rounds = 6;
    for (let i = 0; i < rounds; i++) {
      // GET through the lane, POST through Node's server: both paths share the pool.
      const a = JSON.parse((await get(`/apps/twin-a/whoami?i=${i}`)).body);
      const b = JSON.parse((await get(`/apps/twin-b/whoami?i=${i}`)).body);
      const postA = JSON.parse((await post('/apps/twin-a/echo', `a${i}`)).body);
      const postB = JSON.parse((await post('/apps/twin-b/echo', `b${i}`)).body);
      expect([a.app, b.app, postA.app, postB.app]).toEqual([
        'twin-a',
        'twin-b',
        'twin-a',
        'twin-b',
      ]);
      expect([postA.body, postB.body]).toEqual([`a${i}`, `b${i}`]);
      expect(a.local).toBe(`127.0.0.2:${twinA.port}`);
      expect(b.local).toBe(`127.0.0.3:${twinB.port}`);
    }
    // The pool reused connections (each request did not open its own).
    expect(twinA.connections()).toBeLessThan(rounds * 2);
    expect(twinB.connections()).toBeLessThan(rounds * 2);
  });

  it('names the address it cannot reach on the unavailable page and in the JSON error', async () => {
    const port = await freePort();
    front.register('gone', port, {}, '127.0.0.2');
    const page = await request(`${front.url}/apps/gone/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(502);
    expect(page.body).toContain(`is not answering at 127.0.0.2:${port}`);
    const json = await request(`${front.url}/apps/gone/`, {
      headers: { accept: 'application/json' },
    });
    expect(JSON.parse(json.body).error).toMatchObject({
      reason: 'unreachable',
      upstream: `127.0.0.2:${port}`,
    });
    const refused = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${front.port}/apps/gone/ws`);
      socket.on('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      });
      socket.on('error', reject);
    });
    expect(refused).toBe(`502 Bad Gateway: the app is not answering at 127.0.0.2:${port}`);
    front.unregister('gone');
  });
});

describe('upstream addresses', () => {
  it('defaults to 127.0.0.1 and brackets an IPv6 literal in the authority', () => {
    expect(upstreamHost({})).toBe('127.0.0.1');
    expect(upstreamAuthority({ port: 80 })).toBe('127.0.0.1:80');
    expect(upstreamAuthority({ host: 'node07', port: 8188 })).toBe('node07:8188');
    expect(upstreamHost({ host: '[fd00::7]' })).toBe('fd00::7');
    expect(upstreamAuthority({ host: 'fd00::7', port: 7860 })).toBe('[fd00::7]:7860');
    expect(upstreamAuthority({ host: '[fd00::7]', port: 7860 })).toBe('[fd00::7]:7860');
  });

  it('rewrites absolute URLs naming the app’s host and port, or a loopback name, and nothing else', () => {
    const at = (value: string, host?: string) =>
      rewriteLocation(value, '/apps/x', { host, port: 7860 }, 'hangar:3000');
    expect(at('http://10.0.0.7:7860/a?b#c', '10.0.0.7')).toBe('/apps/x/a?b#c');
    expect(at('http://NODE07:7860/a', 'node07')).toBe('/apps/x/a');
    expect(at('http://127.0.0.1:7860/a', '10.0.0.7')).toBe('/apps/x/a');
    expect(at('http://0.0.0.0:7860/a', '10.0.0.7')).toBe('/apps/x/a');
    expect(at('http://[fd00:0::7]:7860/a', 'fd00::7')).toBe('/apps/x/a');
    expect(at('http://10.0.0.8:7860/a', '10.0.0.7')).toBe('http://10.0.0.8:7860/a');
    expect(at('http://10.0.0.7:7861/a', '10.0.0.7')).toBe('http://10.0.0.7:7861/a');
    expect(at('http://10.0.0.7:7860/a')).toBe('http://10.0.0.7:7860/a');
  });
});
