// The default origin mode behind the login: each app at the root of its own origin, reached with a login of its own
// handed over by Hangar's origin; nothing served for an app can act on Hangar, and Hangar's session is no key to apps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { repoFromFixture, type TempRepo } from '../../helpers/git-repo';
import { within } from '../../helpers/within';
import { machineNames } from '../../../server/security/host-check';
import {
  TOKEN,
  loginCookie,
  request,
  rpc,
  startSecureServer,
  upgradeStatus,
  type Reply,
  type SecureServer,
} from './security-helpers';

const fixture = path.resolve(__dirname, '../../fixtures/launchers/hello-app');
const ECHO_SERVER = `const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['hangar_app_other=forged; Path=/', 'own=1; Path=/'] });
  res.end(JSON.stringify({ url: req.url, headers: req.headers }));
});
server.on('upgrade', (req, socket) => {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: echo\\r\\nConnection: Upgrade\\r\\n\\r\\n');
  socket.pipe(socket);
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log('Echo listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let server: SecureServer;
let repo: TempRepo;
const bearer = { authorization: `Bearer ${TOKEN}` };
const appHost = () => `hello-app.localhost:${server.port}`;
const hangarHost = () => `127.0.0.1:${server.port}`;

beforeAll(async () => {
  server = await startSecureServer({
    env: { HANGAR_TOKEN: TOKEN },
    args: ['--apps-domain', 'hangar.test'],
    auth: { rateLimit: { perMinute: 100, perHour: 100 } },
  });
  repo = await repoFromFixture(fixture);
  await writeFile(path.join(repo.dir, 'app/server.js'), ECHO_SERVER);
  repo.commit('echo headers');
  await rpc(server.port, 'apps.install', { source: repo.dir }, bearer);
  await within(
    (async () => {
      while (
        JSON.parse((await rpc(server.port, 'apps.get', { name: 'hello-app' }, bearer)).body).result
          .state !== 'installed'
      )
        await new Promise((r) => setTimeout(r, 100));
    })(),
    'hello-app to install',
    60_000,
  );
  const started = JSON.parse(
    (await rpc(server.port, 'apps.start', { name: 'hello-app' }, bearer)).body,
  );
  expect(started.result.url).toBe('/apps/hello-app/');
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await repo?.remove();
});

/** Follows /apps/hello-app/<rest> from Hangar's origin (as `host`) to the app's origin: the app's login cookie and where it landed. */
async function appLogin(
  session: string,
  rest: string,
  host = hangarHost(),
): Promise<{ cookie: string; origin: URL; landed: string }> {
  const first = await request(server.port, {
    path: `/apps/hello-app${rest}`,
    headers: { cookie: session, host },
  });
  expect(first.status).toBe(302);
  const to = new URL(first.headers.location!);
  expect(to.pathname).toBe('/_hangar/app-auth');
  const exchange = await request(Number(to.port), {
    path: to.pathname + to.search,
    headers: { host: to.host },
  });
  expect(exchange.status).toBe(303);
  const cookie = [exchange.headers['set-cookie'] ?? []].flat()[0]!.split(';')[0]!;
  const again = await request(Number(to.port), {
    path: to.pathname + to.search,
    headers: { host: to.host },
  });
  expect(again.status, 'a code is good for one exchange').toBe(401);
  return { cookie, origin: to, landed: exchange.headers.location! };
}

/** The status of a raw Upgrade (the echo app speaks no WebSocket framing, only the handshake's status line). */
async function upgradeStatusOf(
  port: number,
  target: string,
  headers: Record<string, string>,
): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  try {
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `GET ${target} HTTP/1.1\r\n${head}Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    );
    const first = (
      await within(
        new Promise<Buffer>((resolve) => socket.once('data', resolve)),
        'an answer to the upgrade',
        5000,
      )
    ).toString('latin1');
    return Number(first.split(' ')[1]);
  } finally {
    socket.destroy();
  }
}

const json = (reply: Reply) =>
  JSON.parse(reply.body) as { url: string; headers: Record<string, string> };

describe('an app at its own origin, behind the login', () => {
  it('/apps/<name>/… on Hangar’s origin hands the browser over to <name>.localhost with a one-time code, and lands on the same path', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const { cookie, origin, landed } = await appLogin(session, '/echo?x=1');
    expect(origin.host).toBe(appHost());
    expect(landed).toBe('/echo?x=1');
    expect(cookie).toMatch(/^hangar_app_hello-app=/);
    const page = await request(server.port, {
      path: '/echo?x=1',
      headers: { host: appHost(), cookie: `${cookie}; own=1` },
    });
    expect(page.status).toBe(200);
    const seen = json(page);
    expect(seen.url).toBe('/echo?x=1');
    // The app sees its own cookie only: never its login cookie nor Hangar's session.
    expect(seen.headers.cookie).toBe('own=1');
    expect(seen.headers['x-forwarded-prefix']).toBeUndefined();
    // An app may not set a cookie of Hangar's.
    expect([page.headers['set-cookie'] ?? []].flat().join('\n')).not.toContain('hangar_app_other');
  });

  it('Hangar’s own session is no key to an app origin: 401 for scripts, a redirect to Hangar’s app login for browsers', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    expect(
      (await request(server.port, { path: '/echo', headers: { host: appHost(), cookie: session } }))
        .status,
    ).toBe(401);
    const browser = await request(server.port, {
      path: '/echo?y=2',
      headers: { host: appHost(), cookie: session, accept: 'text/html' },
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe(
      `http://localhost:${server.port}/_hangar/app-login?app=hello-app&next=${encodeURIComponent('/echo?y=2')}`,
    );
    expect(
      (
        await request(server.port, {
          path: '/echo',
          headers: { host: appHost(), cookie: 'hangar_app_hello-app=made-up' },
        })
      ).status,
    ).toBe(401);
    // Scripts may use the bearer token; it never reaches the app.
    const scripted = await request(server.port, {
      path: '/echo',
      headers: { host: appHost(), ...bearer },
    });
    expect(scripted.status).toBe(200);
    expect(json(scripted).headers.authorization).toBeUndefined();
  });

  it('a page of the app’s origin cannot act on Hangar: the API, Socket.IO and a terminal are refused with the user’s session', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const fromApp = {
      origin: `http://${appHost()}`,
      'sec-fetch-site': 'same-site',
      cookie: session,
    };
    const install = await rpc(
      server.port,
      'apps.install',
      { source: 'https://example.invalid/evil' },
      fromApp,
    );
    expect(install.status).toBe(403);
    const settings = await rpc(
      server.port,
      'settings.set',
      { allowHosts: ['evil.example'] },
      fromApp,
    );
    expect(settings.status).toBe(403);
    expect(
      (
        await request(server.port, {
          path: '/_hangar/socket.io/?EIO=4&transport=polling',
          headers: fromApp,
        })
      ).status,
    ).toBe(403);
    expect(
      await upgradeStatus(server.port, '/_hangar/socket.io/?EIO=4&transport=websocket', fromApp),
    ).toBe(403);
    // The app's own host never reaches Hangar's API: /api there is the app's.
    const { cookie } = await appLogin(session, '/');
    const onAppHost = await request(server.port, {
      path: '/api',
      method: 'POST',
      headers: {
        host: appHost(),
        cookie,
        'content-type': 'application/json',
        origin: `http://${appHost()}`,
      },
      body: '{}',
    });
    expect(json(onAppHost).url).toBe('/api');
    expect(
      (
        await request(server.port, {
          path: '/_hangar/socket.io/?EIO=4&transport=polling',
          headers: { host: appHost(), cookie },
        })
      ).status,
    ).toBe(200);
  });

  it('WebSockets to an app come only from its own pages; posts from Hangar’s or another app’s pages are refused', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const { cookie } = await appLogin(session, '/');
    const base = { host: appHost(), cookie };
    expect(
      await upgradeStatusOf(server.port, '/ws', { ...base, origin: `http://${appHost()}` }),
    ).toBe(101);
    expect(
      await upgradeStatusOf(server.port, '/ws', {
        ...base,
        origin: `http://127.0.0.1:${server.port}`,
      }),
    ).toBe(403);
    expect(
      await upgradeStatusOf(server.port, '/ws', {
        ...base,
        origin: `http://other.localhost:${server.port}`,
      }),
    ).toBe(403);
    const post = (origin: string) =>
      request(server.port, {
        path: '/run',
        method: 'POST',
        headers: { ...base, origin, 'content-type': 'text/plain' },
        body: 'x',
      });
    expect((await post(`http://other.localhost:${server.port}`)).status).toBe(403);
    expect((await post(`http://127.0.0.1:${server.port}`)).status).toBe(403);
    expect((await post(`http://${appHost()}`)).status).toBe(200);
  });

  it('a logout ends the app logins of that session and closes their WebSockets', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const { cookie } = await appLogin(session, '/');
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: ${appHost()}\r\nCookie: ${cookie}\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n`,
    );
    await within(new Promise((resolve) => socket.once('data', resolve)), 'the 101', 5000);
    const out = await request(server.port, {
      path: '/_hangar/logout',
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json' },
    });
    expect(out.status).toBe(200);
    await within(closed, 'the tunnel to close', 5000);
    expect(
      (await request(server.port, { path: '/', headers: { host: appHost(), cookie } })).status,
    ).toBe(401);
  });

  it('under --apps-domain, <name>.<domain> is the app and the domain is Hangar; other names are refused', async () => {
    const session = await loginCookie(server.port, { token: TOKEN });
    const { origin, cookie } = await appLogin(session, '/', `hangar.test:${server.port}`);
    expect(origin.host).toBe(`hello-app.hangar.test:${server.port}`);
    expect(
      (await request(server.port, { path: '/', headers: { host: origin.host, cookie } })).status,
    ).toBe(200);
    expect(
      (
        await request(server.port, {
          path: '/',
          headers: { host: `a.hello-app.hangar.test:${server.port}` },
        })
      ).status,
    ).toBe(421);
    expect(
      (
        await request(server.port, {
          path: '/',
          headers: { host: `nope.hangar.test:${server.port}`, accept: 'text/html' },
        })
      ).status,
    ).toBe(404);
  });

  it('reached by the machine’s own name, the app gets its own port, with the same hand-over and no Hangar session accepted', async () => {
    const name = machineNames(os.hostname())[0]!;
    const session = await loginCookie(server.port, { token: TOKEN });
    const { origin, cookie } = await appLogin(session, '/echo', `${name}:${server.port}`);
    expect(origin.hostname).toBe(name);
    expect(Number(origin.port)).not.toBe(server.port);
    const port = Number(origin.port);
    expect(
      (await request(port, { path: '/echo', headers: { host: origin.host, cookie } })).status,
    ).toBe(200);
    // Cookies ignore ports: the browser sends Hangar's session here too, and it opens nothing.
    expect(
      (await request(port, { path: '/echo', headers: { host: origin.host, cookie: session } }))
        .status,
    ).toBe(401);
    expect(
      (await request(port, { path: '/echo', headers: { host: `evil.example:${port}`, cookie } }))
        .status,
    ).toBe(421);
    expect(
      await upgradeStatusOf(port, '/ws', {
        host: origin.host,
        cookie,
        origin: `http://${name}:${server.port}`,
      }),
    ).toBe(403);
    expect(
      await upgradeStatusOf(port, '/ws', {
        host: origin.host,
        cookie,
        origin: `http://${origin.host}`,
      }),
    ).toBe(101);
  });
});
