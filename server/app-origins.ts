// App origins on the wire: where /apps/<name>/ sends a browser, the login hand-over between Hangar's origin and an
// app's (a one-time code minted here, exchanged there for the app's own cookie), and the *.localhost probe.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  appLabel,
  APP_AUTH_PATH,
  APP_LOGIN_PATH,
  ORIGIN_PREFERENCE_COOKIE,
  ORIGIN_PROBE_PATH,
  type AppOriginFlavour,
} from '../lib/shared/app-origin';
import { proxyBase } from '../lib/shared/proxy-profile';
import type { AppSessions } from './auth/app-sessions';
import { readCookie } from './auth';
import { sendText } from './http-util';
import { hostnameOf, isLoopbackName } from './security/host-check';
import type { Destination } from './security/destination';
import type { AppProxy, ProxyTarget } from './proxy';

export interface AppOriginsOptions {
  appsDomain: string | null;
  /** The address port listeners bind (Hangar's own), and their TLS. */
  listenHost: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  proxy: AppProxy;
  appSessions: AppSessions;
  /** True when every client must log in. */
  loginRequired: boolean;
  /** The Hangar session of a request on Hangar's origin (null for a bearer token or none). */
  sessionOf(req: IncomingMessage): string | null;
  /** The running app of that name (its port and effective profile), or null. */
  lookup(name: string): ProxyTarget | null;
  /** Hangar's own port (where a port listener's login goes back to). */
  hangarPort(): number;
}

export interface AppOrigins {
  /** Where `/apps/<name>/<rest>` on Hangar's origin leads for an app served at its own origin. */
  location(req: IncomingMessage, target: ProxyTarget, rest: string): Promise<string>;
  /** `GET /_hangar/app-login?app=<name>&next=<path>` on Hangar's origin (behind Hangar's login). */
  login(req: IncomingMessage, res: ServerResponse): void;
  /** Hangar's own paths on an app origin (the code exchange, the probe); false for everything else. */
  serveOwnPath(req: IncomingMessage, res: ServerResponse, to: Destination): boolean;
  /** Where a browser without the app's login on its origin goes to get one (Hangar's app-login), or null. */
  loginLocation(req: IncomingMessage, to: Extract<Destination, { kind: 'app' }>): string;
}

export function createAppOrigins(options: AppOriginsOptions): AppOrigins {
  const protocol = options.tls ? 'https' : 'http';

  /** How this browser reaches apps, from how it reached Hangar. */
  function flavourFor(req: IncomingMessage, target: ProxyTarget): AppOriginFlavour {
    if (target.profile.mode === 'port') return 'port';
    const name = hostnameOf(req.headers.host ?? '') ?? '';
    if (isLoopbackName(name) && readCookie(req.headers.cookie, ORIGIN_PREFERENCE_COOKIE) !== 'port')
      return 'subdomain';
    const domain = options.appsDomain;
    if (domain !== null && (name === domain || name.endsWith(`.${domain}`))) return 'domain';
    return 'port';
  }

  async function originUrl(req: IncomingMessage, target: ProxyTarget): Promise<string> {
    const host = req.headers.host ?? '';
    const port = portOf(host);
    const label = appLabel(target.name);
    switch (flavourFor(req, target)) {
      case 'subdomain':
        return `${protocol}://${label}.localhost${port}`;
      case 'domain':
        return `${protocol}://${label}.${options.appsDomain}${port}`;
      case 'port': {
        const listener = await options.proxy.openPortOrigin(target.name, {
          host: options.listenHost,
          tls: options.tls,
        });
        const hostname = hostnameOf(host) ?? listener.host;
        return `${listener.protocol}://${hostname.includes(':') ? `[${hostname}]` : hostname}:${listener.port}`;
      }
    }
  }

  async function location(
    req: IncomingMessage,
    target: ProxyTarget,
    rest: string,
  ): Promise<string> {
    const origin = await originUrl(req, target);
    const path = rest.startsWith('/') ? rest : `/${rest}`;
    if (!options.loginRequired) return origin + path;
    const code = options.appSessions.mint(target.name, options.sessionOf(req));
    return `${origin}${APP_AUTH_PATH}?code=${encodeURIComponent(code)}&next=${encodeURIComponent(path)}`;
  }

  return {
    location,

    login(req, res) {
      const url = new URL(req.url ?? '/', 'http://hangar.invalid');
      const name = url.searchParams.get('app') ?? '';
      const next = safePath(url.searchParams.get('next'));
      const target = options.lookup(name);
      if (target === null || target.profile.mode === 'path') {
        res.writeHead(302, {
          location: `${proxyBase(encodeURIComponent(name))}${next}`,
          'content-length': 0,
          'cache-control': 'no-store',
        });
        return void res.end();
      }
      location(req, target, next).then(
        (where) => {
          res.writeHead(302, {
            location: where,
            'content-length': 0,
            'cache-control': 'no-store',
            'referrer-policy': 'no-referrer',
          });
          res.end();
        },
        (error: unknown) =>
          sendText(res, 502, `cannot open the origin of ${name}: ${(error as Error).message}`),
      );
    },

    serveOwnPath(req, res, to) {
      const url = new URL(req.url ?? '/', 'http://hangar.invalid');
      if (url.pathname === ORIGIN_PROBE_PATH) {
        res.writeHead(204, { 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
        res.end();
        return true;
      }
      if (url.pathname !== APP_AUTH_PATH || to.kind !== 'app') return false;
      const next = safePath(url.searchParams.get('next'));
      const cookie = options.loginRequired
        ? options.appSessions.redeem(url.searchParams.get('code') ?? '', to.name, appLabel(to.name))
        : '';
      if (cookie === null) {
        sendText(
          res,
          401,
          `This login link for ${to.name} is used or expired. Open /apps/${to.name}/ from Hangar again.`,
        );
        return true;
      }
      res.writeHead(303, {
        location: next,
        ...(cookie ? { 'set-cookie': cookie } : {}),
        'content-length': 0,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end();
      return true;
    },

    loginLocation(req, to) {
      const host = req.headers.host ?? '';
      const hostname = hostnameOf(host) ?? 'localhost';
      let hangar: string;
      if (to.flavour === 'subdomain') hangar = `${protocol}://localhost${portOf(host)}`;
      else if (to.flavour === 'domain')
        hangar = `${protocol}://${options.appsDomain}${portOf(host)}`;
      else
        hangar = `${protocol}://${hostname.includes(':') ? `[${hostname}]` : hostname}:${options.hangarPort()}`;
      const next = safePath(req.url);
      return `${hangar}${APP_LOGIN_PATH}?app=${encodeURIComponent(to.name)}&next=${encodeURIComponent(next)}`;
    },
  };
}

/** `:port` of a Host header, or '' when it names none. */
function portOf(host: string): string {
  const bracket = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  return colon > bracket ? host.slice(colon) : '';
}

/** A path on the same origin (never `//host` or a scheme), else `/`. */
function safePath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  return value;
}
