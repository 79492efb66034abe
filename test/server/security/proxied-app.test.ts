import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { repoFromFixture, type TempRepo } from '../../helpers/git-repo';
import { within } from '../../helpers/within';
import {
  TOKEN,
  loginCookie,
  request,
  requestBytes,
  rpc,
  startSecureServer,
  upgradeStatus,
  type SecureServer,
} from './security-helpers';

const fixture = path.resolve(__dirname, '../../fixtures/launchers/hello-app');
// The fixture app, changed to echo the request headers it receives.
const ECHO_SERVER = `const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ url: req.url, headers: req.headers }));
});
// Any Upgrade: a raw echo of the bytes after the 101, enough to see a tunnel open and close.
server.on('upgrade', (req, socket) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: echo\\r\\nConnection: Upgrade\\r\\n\\r\\n');
  socket.pipe(socket);
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log('Echo listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let server: SecureServer;
let repo: TempRepo;
let socket: Socket;
const bearer = { authorization: `Bearer ${TOKEN}` };

function waitForStatus(name: string, state: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not reach ${state} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('app:status', (event: { name: string; state: string }) => {
      if (event.name === name && event.state === state) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  // Path mode, chosen explicitly: the app shares Hangar's origin and its login (app-origins.test.ts covers the default).
  server = await startSecureServer({
    env: { HANGAR_TOKEN: TOKEN },
    auth: { rateLimit: { perMinute: 100, perHour: 100 } },
    config: { appOrigins: 'path' },
  });
  repo = await repoFromFixture(fixture);
  await writeFile(path.join(repo.dir, 'app/server.js'), ECHO_SERVER);
  repo.commit('echo headers');
  socket = connect(server.url, {
    path: '/_hangar/socket.io',
    transports: ['websocket'],
    extraHeaders: bearer,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const installed = waitForStatus('hello-app', 'installed');
  const res = await rpc(server.port, 'apps.install', { source: repo.dir }, bearer);
  expect(JSON.parse(res.body).result.name).toBe('hello-app');
  await installed;
  const started = JSON.parse(
    (await rpc(server.port, 'apps.start', { name: 'hello-app' }, bearer)).body,
  );
  expect(started.result.url).toBe('/apps/hello-app/');
}, 90_000);

interface Tunnel {
  socket: net.Socket;
  echo(text: string): Promise<string>;
  /** Resolves when the proxy closes the tunnel; rejects if it is still open 5 s after the call. */
  closed(): Promise<void>;
}

/** A raw HTTP Upgrade through the proxy to the echoing app, once it has answered 101. */
function openTunnel(
  port: number,
  target: string,
  headers: Record<string, string>,
): Promise<Tunnel> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const lines = Object.entries({
      host: `127.0.0.1:${port}`,
      connection: 'Upgrade',
      upgrade: 'echo',
      ...headers,
    }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`GET ${target} HTTP/1.1\r\n${lines.join('')}\r\n`);
    socket.setEncoding('latin1');
    let seen = '';
    const gone = new Promise<void>((done) => socket.once('close', () => done()));
    const onHead = (data: string) => {
      seen += data;
      if (!seen.includes('\r\n\r\n')) return;
      socket.off('data', onHead);
      if (!seen.startsWith('HTTP/1.1 101'))
        return reject(new Error(`no 101: ${seen.split('\r\n')[0]}`));
      resolve({
        socket,
        echo: (text) =>
          new Promise((got) => {
            socket.once('data', (back: string) => got(back));
            socket.write(text);
          }),
        closed: () => within(gone, `${target} closing`),
      });
    };
    socket.on('data', onHead);
    socket.once('error', reject);
  });
}

afterAll(async () => {
  socket?.close();
  await server?.stop();
  await repo?.remove();
});

describe('a running app behind the login', () => {
  it('serves the launcher’s icon file behind the login, and nothing for other names', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const icon = await requestBytes(server.port, {
      path: '/_hangar/icons/hello-app',
      headers: { cookie: session },
    });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/png');
    expect(icon.body.equals(await readFile(path.join(fixture, 'icon.png')))).toBe(true);
    expect((await request(server.port, { path: '/_hangar/icons/hello-app' })).status).toBe(401);
    for (const name of ['nope', '..', '..%2F..%2Fconfig.json', '']) {
      expect(
        (
          await request(server.port, {
            path: `/_hangar/icons/${name}`,
            headers: { cookie: session },
          })
        ).status,
        name,
      ).toBe(404);
    }
    expect(
      (
        await request(server.port, {
          path: '/_hangar/icons/hello-app',
          method: 'POST',
          headers: { cookie: session },
        })
      ).status,
    ).toBe(405);
  });

  it('no credentials against /apps/<name>/ of a running app: 401, the app is never reached', async () => {
    const res = await request(server.port, { path: '/apps/hello-app/secret' });
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('/secret');
  });

  it('a logged-in request naming a foreign Host is refused before the app (421), and a stale session gets the login', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const foreign = await request(server.port, {
      path: '/apps/hello-app/secret',
      headers: { cookie: session, host: 'evil.example' },
    });
    expect(foreign.status).toBe(421);
    expect(foreign.body).not.toContain('/secret');
    const stale = await request(server.port, {
      path: '/apps/hello-app/secret',
      headers: { cookie: 'hangar_session=not-a-session' },
    });
    expect(stale.status).toBe(401);
  });

  it('session cookie not forwarded to a proxied app: the app sees its own cookies, never hangar_session or the bearer token', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const res = await request(server.port, {
      path: '/apps/hello-app/echo',
      headers: { cookie: `${session}; app_pref=dark`, accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as { headers: Record<string, string> };
    expect(seen.headers.cookie ?? '').toContain('app_pref=dark');
    expect(seen.headers.cookie ?? '').not.toContain('hangar_session');
    expect(JSON.stringify(seen.headers)).not.toContain(session.split('=')[1]);
    expect(res.headers['content-security-policy'] ?? '').not.toContain(
      "frame-ancestors 'self'; object-src",
    );
  });

  it("Hangar's bearer token is not forwarded to a proxied app; the app's own Authorization is", async () => {
    const withHangar = await request(server.port, {
      path: '/apps/hello-app/echo',
      headers: { ...bearer, accept: 'application/json' },
    });
    expect(withHangar.status).toBe(200);
    const seen = JSON.parse(withHangar.body) as { headers: Record<string, string> };
    expect(seen.headers.authorization).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
    const session = await loginCookie(server.port, { token: TOKEN });
    const withApp = await request(server.port, {
      path: '/apps/hello-app/echo',
      headers: { cookie: session, authorization: 'Bearer app-own-key', accept: 'application/json' },
    });
    expect(
      (JSON.parse(withApp.body) as { headers: Record<string, string> }).headers.authorization,
    ).toBe('Bearer app-own-key');
  });

  it('no credentials against a proxied app WebSocket: 401 even with a same-origin Origin', async () => {
    expect(
      await upgradeStatus(server.port, '/apps/hello-app/ws', {
        origin: `http://127.0.0.1:${server.port}`,
      }),
    ).toBe(401);
  });

  it('a logout closes the app WebSockets its session opened on Hangar’s origin; the token’s stay open', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const main = await openTunnel(server.port, '/apps/hello-app/ws', { cookie: session });
    const scripted = await openTunnel(server.port, '/apps/hello-app/ws', bearer);
    expect(await main.echo('one')).toBe('one');
    const res = await request(server.port, {
      path: '/_hangar/logout',
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    await main.closed();
    expect(await scripted.echo('three')).toBe('three');
    scripted.socket.destroy();
  });

  it('audits the install and the start with the caller address', async () => {
    await server.audit.flush();
    const log = (await readFile(path.join(server.home, 'logs/audit.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log).toContainEqual(
      expect.objectContaining({ event: 'apps.install', ok: true, address: '127.0.0.1' }),
    );
    expect(log).toContainEqual(expect.objectContaining({ event: 'apps.start', ok: true }));
    expect(JSON.stringify(log)).not.toContain(TOKEN);
  });
});
