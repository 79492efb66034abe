// The gate a cluster job runs beside its app, run here for real with python3: only a connection that opens with
// the job's secret reaches the app on the loopback; its bytes pass unchanged both ways; it ends with its parent.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialApp, gatePreface } from '../../../../../lib/http/app-dial';
import { startGate, type RunningGate } from '../../../../helpers/node-gate';

let gate: RunningGate;
let app: http.Server;
let appPort: number;

/** What a raw connection to the gate receives after sending `bytes`, until the gate closes it. */
async function exchange(bytes: string): Promise<{ received: number; closed: boolean }> {
  const socket = net.connect({ host: '127.0.0.1', port: gate.port });
  let received = 0;
  socket.on('data', (chunk: Buffer) => (received += chunk.length));
  socket.write(bytes);
  const closed = await Promise.race([
    once(socket, 'close').then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
  ]);
  socket.destroy();
  return { received, closed };
}

/** An HTTP request to the app through the gate, as the proxy and the readiness probe make it. */
function viaGate(
  path: string,
  options: { method?: string; body?: Buffer } = {},
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${appPort}` },
        createConnection: () =>
          dialApp({
            host: '127.0.0.1',
            port: appPort,
            gate: { port: gate.port, token: gate.token },
          }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  app = http.createServer((req, res) => {
    if (req.url === '/echo') {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      req.on('end', () => res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') })));
      return;
    }
    res.setHeader('x-seen-host', String(req.headers.host));
    res.end(`hello from ${req.socket.localAddress}`);
  });
  app.listen(0, '127.0.0.1');
  await once(app, 'listening');
  appPort = (app.address() as net.AddressInfo).port;
  gate = await startGate();
});

afterAll(async () => {
  await gate?.close();
  app?.close();
});

describe('the node gate', () => {
  it('passes a request that opens with the secret to the app on the loopback, Host unchanged', async () => {
    const res = await viaGate('/');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello from 127.0.0.1');
    expect(res.headers['x-seen-host']).toBe(`127.0.0.1:${appPort}`);
  });

  it('carries a 24 MiB upload byte for byte', async () => {
    const body = randomBytes(24 << 20);
    const res = await viaGate('/echo', { method: 'POST', body });
    expect(JSON.parse(res.body.toString())).toEqual({
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('closes, answering nothing, a connection without the secret, with a wrong one, or with a bad port', async () => {
    const wrong = gatePreface({ port: gate.port, token: 'f'.repeat(64) }, appPort);
    const badPort = gatePreface({ port: gate.port, token: gate.token }, 70000);
    for (const opening of [
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${appPort}\r\n\r\n`,
      `${wrong}GET / HTTP/1.1\r\nHost: x\r\n\r\n`,
      `HANGAR-GATE1 ${gate.token}\nGET / HTTP/1.1\r\n\r\n`,
      `${badPort}GET / HTTP/1.1\r\n\r\n`,
      'x'.repeat(10_000),
    ]) {
      expect(await exchange(opening)).toEqual({ received: 0, closed: true });
    }
  });

  it('closes a gated connection at once when nothing listens on the named port', async () => {
    const spare = net.createServer();
    spare.listen(0, '127.0.0.1');
    await once(spare, 'listening');
    const port = (spare.address() as net.AddressInfo).port;
    spare.close();
    const opening = gatePreface({ port: gate.port, token: gate.token }, port);
    expect(await exchange(`${opening}GET / HTTP/1.1\r\n\r\n`)).toEqual({
      received: 0,
      closed: true,
    });
  });

  it('ends when its parent ends (the job script that started it)', async () => {
    const own = await startGate({ parent: 'shell' });
    try {
      expect(() => process.kill(own.pid, 0)).not.toThrow();
      own.child.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      let alive = true;
      while (alive && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        alive = isAlive(own.pid);
      }
      expect(alive).toBe(false);
    } finally {
      await own.close();
    }
  });

  it('refuses to start without a secret', async () => {
    await expect(startGate({ token: '' })).rejects.toThrow(/no secret/);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone.
    return false;
  }
}
