// An app on a cluster node behind Hangar's node gate: it listens on the node's loopback, the proxy connects to the
// gate at the node's address (127.0.0.2 stands in) with the job's secret first, on every path (the fast lane, Node's
// server, WebSockets), and the app is addressed as a local app would be.
import http from 'node:http';
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, freePort, type Front } from './harness';
import { startNodeApp, type NodeApp } from '../../fixtures/apps/node-app';
import { startGate, type RunningGate } from '../../helpers/node-gate';

const NODE = '127.0.0.2';
let front: Front;
let app: NodeApp;
let gate: RunningGate;

function call(
  path: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port: front.port, path, method }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      })
      .on('error', reject)
      .end(body);
  });
}

beforeAll(async () => {
  front = await startFront({ keepAliveMs: 7000 });
  app = await startNodeApp('gated', '127.0.0.1');
  gate = await startGate();
  const address = { port: gate.port, token: gate.token };
  front.register('gated', app.port, {}, NODE, address);
  front.register('gated-host', app.port, { host: 'upstream' }, NODE, address);
});

afterAll(async () => {
  await front?.close();
  await Promise.all([app?.close(), gate?.close()]);
});

describe('an app behind its node’s gate', () => {
  it('is not reachable at the node’s address, only through the gate', async () => {
    const direct = await request(`http://${NODE}:${app.port}/whoami`).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(direct).toBe('ECONNREFUSED');
    const withoutSecret = await request(`http://${NODE}:${gate.port}/whoami`).then(
      (res) => `answered ${res.status}`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(withoutSecret).toBe('ECONNRESET');
  });

  it('serves a GET through the fast lane and a POST through Node’s server', async () => {
    const get = JSON.parse((await call('/apps/gated/whoami?q=1')).body);
    expect(get).toMatchObject({ app: 'gated', method: 'GET', url: '/whoami?q=1' });
    expect(get.local).toBe(`127.0.0.1:${app.port}`);
    const post = JSON.parse((await call('/apps/gated/echo', 'POST', 'through the gate')).body);
    expect(post).toMatchObject({ app: 'gated', method: 'POST', body: 'through the gate' });
  });

  it('addresses the app as its own loopback when the profile says host: upstream', async () => {
    const lane = JSON.parse((await call('/apps/gated-host/whoami')).body);
    const slow = JSON.parse((await call('/apps/gated-host/echo', 'POST', 'x')).body);
    expect([lane.host, slow.host]).toEqual([`127.0.0.1:${app.port}`, `127.0.0.1:${app.port}`]);
  });

  it('maps the app’s redirect to its own loopback back under its prefix', async () => {
    const res = await request(`${front.url}/apps/gated/redirect`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/apps/gated/x');
  });

  it('echoes WebSocket messages', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${front.port}/apps/gated/ws`);
    try {
      await once(socket, 'open');
      socket.send('hello gate');
      const [message] = await once(socket, 'message');
      expect(String(message)).toBe('gated echo: hello gate');
    } finally {
      socket.close();
    }
  });

  it('names the gate and the app’s port when the app does not answer behind it', async () => {
    const port = await freePort();
    front.register('gone', port, {}, NODE, { port: gate.port, token: gate.token });
    const json = await request(`${front.url}/apps/gone/`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(502);
    expect(JSON.parse(json.body).error).toMatchObject({
      reason: 'unreachable',
      upstream: `${NODE}:${gate.port} (the gate in front of its port ${port})`,
    });
    front.unregister('gone');
  });
});
