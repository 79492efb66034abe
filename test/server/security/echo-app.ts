// A Hangar behind the login (token, --apps-domain hangar.test) running hello-app changed to echo its requests, and
// the ways a client reaches that app's own origin: the login hand-over and a raw Upgrade.
import net from 'node:net';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect } from 'vitest';
import { repoFromFixture, type TempRepo } from '../../helpers/git-repo';
import { within } from '../../helpers/within';
import {
  TOKEN,
  request,
  rpc,
  startSecureServer,
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
export const bearer = { authorization: `Bearer ${TOKEN}` };

/** Starts the server, installs the echo app and starts it; `stop` ends both. */
export async function startEchoApp(): Promise<{ server: SecureServer; stop: () => Promise<void> }> {
  let repo: TempRepo | null = null;
  const server = await startSecureServer({
    env: { HANGAR_TOKEN: TOKEN },
    args: ['--apps-domain', 'hangar.test'],
    auth: { rateLimit: { perMinute: 100, perHour: 100 } },
  });
  repo = await repoFromFixture(fixture);
  await writeFile(path.join(repo!.dir, 'app/server.js'), ECHO_SERVER);
  repo!.commit('echo headers');
  await rpc(server.port, 'apps.install', { source: repo!.dir }, bearer);
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
  return {
    server,
    async stop() {
      await server.stop();
      await repo?.remove();
    },
  };
}

/** Starts the echo app before the file's tests and stops it after them; what the tests reach it by. */
export function withEchoApp(): {
  port: () => number;
  appHost: () => string;
  appLogin: (
    session: string,
    rest: string,
    host?: string,
  ) => Promise<{ cookie: string; origin: URL; landed: string }>;
} {
  let server: SecureServer | null = null;
  let stop: (() => Promise<void>) | null = null;
  const started = (): SecureServer => {
    if (!server) throw new Error('the echo app is not started (use it inside a test)');
    return server;
  };
  beforeAll(async () => {
    ({ server, stop } = await startEchoApp());
  }, 90_000);
  afterAll(async () => {
    await stop?.();
  });
  return {
    port: () => started().port,
    appHost: () => appHost(started()),
    appLogin: (session, rest, host) => appLogin(started(), session, rest, host),
  };
}

export const appHost = (server: SecureServer) => `hello-app.localhost:${server.port}`;
export const hangarHost = (server: SecureServer) => `127.0.0.1:${server.port}`;

/** Follows /apps/hello-app/<rest> from Hangar's origin (as `host`) to the app's origin: the app's login cookie and where it landed. */
export async function appLogin(
  server: SecureServer,
  session: string,
  rest: string,
  host = hangarHost(server),
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
export async function upgradeStatusOf(
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

export const json = (reply: Reply) =>
  JSON.parse(reply.body) as { url: string; headers: Record<string, string> };
