// A host that takes no connections (a node gone, a firewall dropping packets) makes requests fail after the connect
// timeout with the unreachable answer naming its address, instead of hanging for the kernel's SYN retries.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFront, request, type Front } from './harness';

const TIMEOUT_MS = 400;
/**
 * Listens on 127.0.0.2 with a backlog of 0 and never accepts: once one connection waits in its queue, Linux drops
 * every further SYN, as a host that is gone would.
 */
const SILENT_LISTENER = `
import socket, sys
s = socket.socket()
s.bind(('127.0.0.2', 0))
s.listen(0)
print(s.getsockname()[1], flush=True)
sys.stdin.read()
`;

let front: Front;
let listener: ChildProcess;
let port: number;
let filler: net.Socket;

beforeAll(async () => {
  front = await startFront({ connectTimeoutMs: TIMEOUT_MS });
  listener = spawn('python3', ['-c', SILENT_LISTENER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(listener.stdout!, 'data')) as [Buffer];
  port = Number(line.toString().trim());
  filler = net.connect({ host: '127.0.0.2', port });
  await once(filler, 'connect');
  front.register('silent', port, {}, '127.0.0.2');
});

afterAll(async () => {
  filler.destroy();
  listener.kill();
  await front.close();
});

describe('a host that takes no connections', () => {
  it('is really silent: a plain connection neither connects nor fails within the timeout', async () => {
    const probe = net.connect({ host: '127.0.0.2', port });
    const outcome = await Promise.race([
      once(probe, 'connect').then(() => 'connected'),
      once(probe, 'error').then(() => 'failed'),
      new Promise((resolve) => setTimeout(() => resolve('still connecting'), TIMEOUT_MS * 2)),
    ]);
    probe.destroy();
    expect(outcome).toBe('still connecting');
  });

  it.each([
    ['GET (the fast lane, then the slow path)', 'GET'],
    ['POST', 'POST'],
  ])('answers a %s with 502 naming the address after the timeout', async (_label, method) => {
    const started = Date.now();
    const res = await request(`${front.url}/apps/silent/`, {
      method,
      headers: { accept: 'application/json' },
      body: method === 'POST' ? 'x' : undefined,
    });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).error).toMatchObject({
      reason: 'unreachable',
      upstream: `127.0.0.2:${port}`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
  });

  it('refuses a WebSocket with 502 naming the address after the timeout', async () => {
    const started = Date.now();
    const refused = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${front.port}/apps/silent/ws`);
      socket.on('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      });
      socket.on('error', reject);
    });
    expect(refused).toBe(`502 Bad Gateway: the app is not answering at 127.0.0.2:${port}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
  });
});
