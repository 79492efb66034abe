// The admission policy as a table: door × Host × Origin × credential → decision, for every door Hangar has.
import { describe, expect, it } from 'vitest';
import {
  createAdmission,
  type AdmissionRequest,
  type Credentials,
  type Door,
} from '../../../server/security/admission';
import { createHostPolicy } from '../../../server/security/host-check';

const PORT = 42000;
const LISTENER = 43123;
const SESSION = 'session-id';
const APP_COOKIE = 'hangar_app_comfy=good';

/** Credentials as the auth gate gives them: a session cookie, the bearer token, and comfy's own login cookie. */
function credentials(required: boolean): Credentials {
  const bearer = (req: AdmissionRequest) => req.headers.authorization;
  return {
    required,
    check: (req) =>
      (req.headers.cookie ?? '').includes(`hangar_session=${SESSION}`)
        ? { ok: true, via: 'session' }
        : bearer(req) === 'Bearer token'
          ? { ok: true, via: 'bearer' }
          : { ok: false, reason: bearer(req) ? 'invalid' : 'missing' },
    hasSession: (req) => (req.headers.cookie ?? '').includes(`hangar_session=${SESSION}`),
    checkBearer: (req) =>
      bearer(req) === undefined ? null : { ok: bearer(req) === 'Bearer token' },
    holdsAppLogin: (req, app) => app === 'comfy' && (req.headers.cookie ?? '').includes(APP_COOKIE),
  };
}

function admission(required: boolean, bindHost = '127.0.0.1') {
  return createAdmission({
    hostPolicy: createHostPolicy({
      bindHost,
      allowHosts: [],
      hostname: 'gpubox',
      appsDomain: 'hangar.lan',
    }),
    appsDomain: 'hangar.lan',
    appOfLabel: (label) => (label === 'comfy' || label === 'forge' ? label : null),
    appOfPort: (port) => (port === LISTENER ? 'comfy' : null),
    hangarPort: () => PORT,
    credentials: credentials(required),
    publicPaths: ['/_hangar/login'],
  });
}

interface Row {
  door: Door;
  method?: string;
  url?: string;
  host: string;
  origin?: string;
  site?: string;
  cookie?: string;
  bearer?: boolean;
  listener?: string;
  /** 'ok:<destination>' or the refusal's status. */
  expect: string;
}

function run(rows: Row[], required: boolean, bindHost?: string): void {
  const policy = admission(required, bindHost);
  for (const row of rows) {
    const headers: Record<string, string> = { host: row.host };
    if (row.origin) headers.origin = row.origin;
    if (row.site) headers['sec-fetch-site'] = row.site;
    if (row.cookie) headers.cookie = row.cookie;
    if (row.bearer) headers.authorization = 'Bearer token';
    const decision = policy.admit(
      {
        method: row.method ?? 'GET',
        url: row.url ?? '/',
        headers,
        socket: { remoteAddress: '127.0.0.1' },
      },
      row.door,
      row.listener ?? null,
    );
    const got = decision.ok
      ? `ok:${decision.to.kind === 'app' ? `app ${decision.to.name} ${decision.to.flavour}` : decision.to.kind}`
      : String(decision.status);
    expect(got, JSON.stringify(row)).toBe(row.expect);
  }
}

const hangar = `localhost:${PORT}`;
const comfy = `comfy.localhost:${PORT}`;
const session = `hangar_session=${SESSION}`;

describe('admission on a loopback binding without login', () => {
  it('routes by Host, refuses foreign names and every cross-origin action on Hangar', () => {
    run(
      [
        { door: 'request', host: hangar, expect: 'ok:hangar' },
        { door: 'request', host: `127.0.0.1:${PORT}`, expect: 'ok:hangar' },
        { door: 'request', host: 'evil.example', expect: '421' },
        { door: 'request', host: comfy, expect: 'ok:app comfy subdomain' },
        { door: 'request', host: `COMFY.localhost:${PORT}`, expect: 'ok:app comfy subdomain' },
        { door: 'request', host: `nope.localhost:${PORT}`, expect: 'ok:no-app' },
        { door: 'request', host: `comfy.hangar.lan:${PORT}`, expect: 'ok:app comfy domain' },
        { door: 'request', host: `hangar.lan:${PORT}`, expect: 'ok:hangar' },
        { door: 'request', host: `a.comfy.hangar.lan:${PORT}`, expect: '421' },
        // Hangar refuses any other origin's action: an app's page, another site, a sandboxed frame.
        {
          door: 'request',
          method: 'POST',
          url: '/api',
          host: hangar,
          origin: `http://${comfy}`,
          site: 'same-site',
          expect: '403',
        },
        {
          door: 'request',
          method: 'POST',
          url: '/api',
          host: hangar,
          origin: 'https://evil.example',
          site: 'cross-site',
          expect: '403',
        },
        {
          door: 'request',
          method: 'POST',
          url: '/api',
          host: hangar,
          origin: 'null',
          site: 'cross-site',
          expect: '403',
        },
        {
          door: 'request',
          method: 'POST',
          url: '/api',
          host: hangar,
          origin: `http://${hangar}`,
          site: 'same-origin',
          expect: 'ok:hangar',
        },
        {
          door: 'request',
          method: 'POST',
          url: '/api',
          host: hangar,
          origin: 'null',
          site: 'same-origin',
          expect: 'ok:hangar',
        },
        { door: 'request', method: 'POST', url: '/api', host: hangar, expect: 'ok:hangar' },
        {
          door: 'request',
          method: 'GET',
          url: '/api',
          host: hangar,
          origin: `http://${comfy}`,
          expect: '403',
        },
        {
          door: 'request',
          method: 'GET',
          url: '/',
          host: hangar,
          site: 'cross-site',
          expect: 'ok:hangar',
        },
        { door: 'socket', host: hangar, origin: `http://${comfy}`, expect: '403' },
        { door: 'socket', host: hangar, origin: `http://${hangar}`, expect: 'ok:hangar' },
        { door: 'socket', host: comfy, origin: `http://${comfy}`, expect: '403' },
        { door: 'upgrade', host: hangar, origin: `http://127.0.0.1:${LISTENER}`, expect: '403' },
        // An app's WebSockets come from its own pages only; posts from Hangar's or another app's pages are refused.
        {
          door: 'upgrade',
          host: comfy,
          origin: `http://${comfy}`,
          expect: 'ok:app comfy subdomain',
        },
        { door: 'upgrade', host: comfy, origin: `http://forge.localhost:${PORT}`, expect: '403' },
        { door: 'upgrade', host: comfy, origin: `http://${hangar}`, expect: '403' },
        { door: 'upgrade', host: comfy, origin: 'https://evil.example', expect: '403' },
        {
          door: 'request',
          method: 'POST',
          host: comfy,
          origin: `http://forge.localhost:${PORT}`,
          expect: '403',
        },
        { door: 'request', method: 'POST', host: comfy, origin: `http://${hangar}`, expect: '403' },
        {
          door: 'request',
          method: 'POST',
          host: comfy,
          origin: `http://${comfy}`,
          expect: 'ok:app comfy subdomain',
        },
        {
          door: 'request',
          method: 'POST',
          host: comfy,
          origin: 'https://elsewhere.example',
          site: 'cross-site',
          expect: 'ok:app comfy subdomain',
        },
        // A port listener is its app's, whatever the Host says of names, once the Host names this machine.
        {
          door: 'request',
          host: `127.0.0.1:${LISTENER}`,
          listener: 'comfy',
          expect: 'ok:app comfy port',
        },
        { door: 'request', host: `evil.example:${LISTENER}`, listener: 'comfy', expect: '421' },
        {
          door: 'upgrade',
          host: `127.0.0.1:${LISTENER}`,
          listener: 'comfy',
          origin: `http://127.0.0.1:${PORT}`,
          expect: '403',
        },
        {
          door: 'upgrade',
          host: `127.0.0.1:${LISTENER}`,
          listener: 'comfy',
          origin: `http://127.0.0.1:${LISTENER}`,
          expect: 'ok:app comfy port',
        },
        { door: 'lane', host: comfy, expect: 'ok:app comfy subdomain' },
        { door: 'lane', host: comfy, url: '/_hangar/app-auth?code=x', expect: '401' },
      ],
      false,
    );
  });
});

describe('admission behind the login', () => {
  it('asks Hangar’s origin for Hangar’s login, and each app origin for its own', () => {
    run(
      [
        { door: 'request', host: hangar, expect: '401' },
        { door: 'request', host: hangar, url: '/_hangar/login', expect: 'ok:hangar' },
        { door: 'request', host: hangar, cookie: session, expect: 'ok:hangar' },
        { door: 'request', host: hangar, bearer: true, expect: 'ok:hangar' },
        { door: 'lane', host: hangar, cookie: session, expect: 'ok:hangar' },
        { door: 'lane', host: hangar, bearer: true, expect: '401' },
        { door: 'socket', host: hangar, cookie: session, origin: `http://${comfy}`, expect: '403' },
        // Hangar's session is no key to an app origin (a port listener gets it from the browser all the same).
        { door: 'request', host: comfy, cookie: session, expect: '401' },
        { door: 'request', host: comfy, cookie: APP_COOKIE, expect: 'ok:app comfy subdomain' },
        { door: 'request', host: `forge.localhost:${PORT}`, cookie: APP_COOKIE, expect: '401' },
        { door: 'request', host: comfy, bearer: true, expect: 'ok:app comfy subdomain' },
        { door: 'lane', host: comfy, bearer: true, expect: '401' },
        { door: 'lane', host: comfy, cookie: APP_COOKIE, expect: 'ok:app comfy subdomain' },
        {
          door: 'request',
          host: comfy,
          url: '/_hangar/app-auth?code=x',
          expect: 'ok:app comfy subdomain',
        },
        {
          door: 'request',
          host: `127.0.0.1:${LISTENER}`,
          listener: 'comfy',
          cookie: session,
          expect: '401',
        },
        {
          door: 'upgrade',
          host: `127.0.0.1:${LISTENER}`,
          listener: 'comfy',
          cookie: APP_COOKIE,
          expect: 'ok:app comfy port',
        },
        { door: 'request', host: `nope.localhost:${PORT}`, expect: 'ok:no-app' },
      ],
      true,
    );
  });

  it('bound to the LAN: the machine’s names are Hangar, look-alikes are not', () => {
    run(
      [
        { door: 'request', host: `gpubox:${PORT}`, cookie: session, expect: 'ok:hangar' },
        { door: 'request', host: `gpubox.local:${PORT}`, cookie: session, expect: 'ok:hangar' },
        { door: 'request', host: `gpubox.evil.example:${PORT}`, cookie: session, expect: '421' },
        {
          door: 'request',
          host: `gpubox:${LISTENER}`,
          listener: 'comfy',
          cookie: APP_COOKIE,
          expect: 'ok:app comfy port',
        },
      ],
      true,
      '0.0.0.0',
    );
  });
});
