// The default origin mode behind the login, continued: a logout ends the app logins, and the app's origin under
// --apps-domain and under the machine's own name.
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import os from 'node:os';
import { within } from '../../helpers/within';
import { machineNames } from '../../../server/security/host-check';
import { TOKEN, loginCookie, request } from './security-helpers';
import { withEchoApp, upgradeStatusOf } from './echo-app';

const { port, appHost, appLogin } = withEchoApp();

describe('an app at its own origin, behind the login: logout and host names', () => {
  it('a logout ends the app logins of that session and closes their WebSockets', async () => {
    const session = await loginCookie(port(), { token: TOKEN });
    const { cookie } = await appLogin(session, '/');
    const socket = net.connect(port(), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: ${appHost()}\r\nCookie: ${cookie}\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n`,
    );
    await within(new Promise((resolve) => socket.once('data', resolve)), 'the 101', 5000);
    const out = await request(port(), {
      path: '/_hangar/logout',
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json' },
    });
    expect(out.status).toBe(200);
    await within(closed, 'the tunnel to close', 5000);
    expect(
      (await request(port(), { path: '/', headers: { host: appHost(), cookie } })).status,
    ).toBe(401);
  });

  it('under --apps-domain, <name>.<domain> is the app and the domain is Hangar; other names are refused', async () => {
    const session = await loginCookie(port(), { token: TOKEN });
    const { origin, cookie } = await appLogin(session, '/', `hangar.test:${port()}`);
    expect(origin.host).toBe(`hello-app.hangar.test:${port()}`);
    expect(
      (await request(port(), { path: '/', headers: { host: origin.host, cookie } })).status,
    ).toBe(200);
    expect(
      (
        await request(port(), {
          path: '/',
          headers: { host: `a.hello-app.hangar.test:${port()}` },
        })
      ).status,
    ).toBe(421);
    expect(
      (
        await request(port(), {
          path: '/',
          headers: { host: `nope.hangar.test:${port()}`, accept: 'text/html' },
        })
      ).status,
    ).toBe(404);
  });

  it('reached by the machine’s own name, the app gets its own port, with the same hand-over and no Hangar session accepted', async () => {
    const name = machineNames(os.hostname())[0]!;
    const session = await loginCookie(port(), { token: TOKEN });
    const { origin, cookie } = await appLogin(session, '/echo', `${name}:${port()}`);
    expect(origin.hostname).toBe(name);
    expect(Number(origin.port)).not.toBe(port());
    const appPort = Number(origin.port);
    expect(
      (await request(appPort, { path: '/echo', headers: { host: origin.host, cookie } })).status,
    ).toBe(200);
    // Cookies ignore ports: the browser sends Hangar's session here too, and it opens nothing.
    expect(
      (await request(appPort, { path: '/echo', headers: { host: origin.host, cookie: session } }))
        .status,
    ).toBe(401);
    expect(
      (
        await request(appPort, {
          path: '/echo',
          headers: { host: `evil.example:${appPort}`, cookie },
        })
      ).status,
    ).toBe(421);
    expect(
      await upgradeStatusOf(appPort, '/ws', {
        host: origin.host,
        cookie,
        origin: `http://${name}:${port()}`,
      }),
    ).toBe(403);
    expect(
      await upgradeStatusOf(appPort, '/ws', {
        host: origin.host,
        cookie,
        origin: `http://${origin.host}`,
      }),
    ).toBe(101);
  });
});
