// The one admission policy: every door (requests, upgrades, the fast lane, port listeners, Socket.IO, files) asks it
// whether a request may pass, and where to. It decides Host (DNS rebinding), Origin (CSRF, cross-app), app origins
// and login (sessions, bearer token, per-app logins, rate limits). No door checks anything on its own.
import type { IncomingHttpHeaders } from 'node:http';
import { appLabel, APP_AUTH_PATH, ORIGIN_PROBE_PATH } from '../../lib/shared/app-origin';
import {
  destinationOf,
  originDestination,
  type Destination,
  type DestinationRules,
} from './destination';

/** Node's request path, WebSocket upgrades, the fast lane (plain GET/HEAD, session only), Socket.IO's handshake. */
export type Door = 'request' | 'upgrade' | 'lane' | 'socket';

export interface AdmissionRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string; encrypted?: boolean };
}

export type Admitted = {
  ok: true;
  to: Destination;
  via: 'open' | 'public' | 'session' | 'bearer' | 'app-login';
};
export type Refused = {
  ok: false;
  status: 400 | 401 | 403 | 421 | 429;
  /** host: not this machine's name; origin: a page of another origin; login: no credentials; ambiguous: two session cookies. */
  code: 'host' | 'origin' | 'login' | 'ambiguous' | 'rate-limited';
  message: string;
  to: Destination | null;
  retryAfterSec?: number;
};
export type Decision = Admitted | Refused;

/** What the policy needs of Hangar's login (the auth gate) without knowing how it keeps sessions. */
export interface Credentials {
  /** True when every client must log in (bound beyond loopback, or --auth). */
  readonly required: boolean;
  /** Hangar's session cookie or bearer token (a wrong bearer counts against the rate limit). */
  check(req: AdmissionRequest):
    | { ok: true; via: 'session' | 'bearer' }
    | {
        ok: false;
        reason: 'missing' | 'invalid' | 'rate-limited' | 'ambiguous';
        retryAfterSec?: number;
      };
  /** Hangar's session alone, counting nothing (the fast lane). */
  hasSession(req: AdmissionRequest): boolean;
  /** The bearer token alone (never the session cookie): how a script reaches an app origin. */
  checkBearer(req: AdmissionRequest): { ok: boolean; retryAfterSec?: number } | null;
  /** A live per-app login on the app's own origin. */
  holdsAppLogin(req: AdmissionRequest, app: string, label: string): boolean;
}

export interface AdmissionOptions extends DestinationRules {
  credentials: Credentials;
  /** Hangar's own port (tells Hangar's origin from a port listener's). */
  hangarPort(): number;
  /** Paths on Hangar's origin that need no login (the login pages themselves). */
  publicPaths: readonly string[];
}

export interface Admission {
  admit(req: AdmissionRequest, door: Door, listenerApp?: string | null): Decision;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createAdmission(options: AdmissionOptions): Admission {
  const refuse = (
    status: Refused['status'],
    code: Refused['code'],
    message: string,
    to: Destination | null,
    retryAfterSec?: number,
  ): Refused => ({
    ok: false,
    status,
    code,
    message,
    to,
    ...(retryAfterSec === undefined ? {} : { retryAfterSec }),
  });

  /** The destination the Origin header names, 'self' for the request's own origin, 'web' for any other site. */
  function originOf(req: AdmissionRequest): 'none' | 'self' | 'web' | Destination {
    const origin = req.headers.origin;
    const fetchSite = req.headers['sec-fetch-site'];
    if (origin === undefined)
      return fetchSite === 'same-site' || fetchSite === 'cross-site' ? 'web' : 'none';
    // A same-origin page under `Referrer-Policy: no-referrer` posts with `Origin: null`; the browser's own
    // Sec-Fetch-Site (which no page can set) tells it apart from a sandboxed or file:// page.
    if (origin === 'null') return fetchSite === 'same-origin' ? 'self' : 'web';
    if (fetchSite === 'same-origin' || sameAuthority(origin, req.headers.host))
      return fetchSite === 'cross-site' || fetchSite === 'same-site' ? 'web' : 'self';
    return originDestination(options, origin, options.hangarPort()) ?? 'web';
  }

  function hangarOrigin(req: AdmissionRequest, door: Door, to: Destination): Refused | null {
    const origin = originOf(req);
    if (origin === 'none' || origin === 'self') return null;
    // Any page of another origin (an app's among them) is refused everything but a plain navigation or load.
    if (
      door === 'socket' ||
      door === 'upgrade' ||
      !SAFE.has(req.method ?? 'GET') ||
      req.headers.origin !== undefined
    ) {
      return refuse(
        403,
        'origin',
        `Forbidden: a page of another origin (${req.headers.origin ?? 'another site'}) may not act on Hangar`,
        to,
      );
    }
    return null;
  }

  function appOrigin(
    req: AdmissionRequest,
    door: Door,
    to: Extract<Destination, { kind: 'app' }>,
  ): Refused | null {
    const origin = originOf(req);
    if (origin === 'none' || origin === 'self') return null;
    if (door === 'upgrade')
      return refuse(
        403,
        'origin',
        `Forbidden: a WebSocket to ${to.name} must come from its own pages`,
        to,
      );
    // Hangar and the other apps share a site with this app: none of them may post to it.
    const family =
      origin === 'web'
        ? req.headers['sec-fetch-site'] === 'same-site'
        : origin.kind !== 'app' || origin.name !== to.name;
    if (family && !SAFE.has(req.method ?? 'GET'))
      return refuse(
        403,
        'origin',
        `Forbidden: another app's page or Hangar's may not post to ${to.name}`,
        to,
      );
    return null;
  }

  function hangarLogin(req: AdmissionRequest, door: Door, to: Destination): Decision {
    if (!options.credentials.required) return { ok: true, to, via: 'open' };
    const path = pathOf(req.url);
    if (options.publicPaths.includes(path)) return { ok: true, to, via: 'public' };
    if (door === 'lane')
      return options.credentials.hasSession(req)
        ? { ok: true, to, via: 'session' }
        : refuse(401, 'login', 'login required', to);
    const check = options.credentials.check(req);
    if (check.ok) return { ok: true, to, via: check.via };
    return credentialRefusal(check.reason, to, check.retryAfterSec);
  }

  function appLogin(
    req: AdmissionRequest,
    door: Door,
    to: Extract<Destination, { kind: 'app' }>,
  ): Decision {
    const path = pathOf(req.url);
    if (path === APP_AUTH_PATH || path === ORIGIN_PROBE_PATH)
      return { ok: true, to, via: 'public' };
    if (!options.credentials.required) return { ok: true, to, via: 'open' };
    if (options.credentials.holdsAppLogin(req, to.name, appLabel(to.name)))
      return { ok: true, to, via: 'app-login' };
    // Hangar's own session cookie is never a credential here: a port listener shares the host's cookies.
    if (door === 'lane') return refuse(401, 'login', 'login required', to);
    const bearer = options.credentials.checkBearer(req);
    if (bearer?.ok) return { ok: true, to, via: 'bearer' };
    if (bearer?.retryAfterSec) return credentialRefusal('rate-limited', to, bearer.retryAfterSec);
    return refuse(401, 'login', `log in to Hangar to open ${to.name}`, to);
  }

  /** Hangar answers its own public paths itself: the fast lane, which only forwards to apps, hands them over. */
  const laneCannot = (decision: Decision, door: Door): Decision =>
    door === 'lane' && decision.ok && decision.via === 'public'
      ? refuse(401, 'login', "Hangar's own path", decision.to)
      : decision;

  return {
    admit(req, door, listenerApp = null) {
      return laneCannot(decide(req, door, listenerApp), door);
    },
  };

  function decide(req: AdmissionRequest, door: Door, listenerApp: string | null): Decision {
    const to = destinationOf(options, req.headers.host, listenerApp);
    if (to === null)
      return refuse(
        421,
        'host',
        'Misdirected Request: this Hangar does not answer to that Host name (add it with --allow-host or the allowHosts setting)',
        null,
      );
    if (to.kind === 'app') {
      if (door === 'socket')
        return refuse(
          403,
          'origin',
          "Forbidden: Hangar's socket is not served on an app origin",
          to,
        );
      return appOrigin(req, door, to) ?? appLogin(req, door, to);
    }
    if (to.kind === 'no-app')
      return door === 'socket'
        ? refuse(403, 'origin', 'Forbidden', to)
        : { ok: true, to, via: 'public' };
    return hangarOrigin(req, door, to) ?? hangarLogin(req, door, to);
  }
}

function credentialRefusal(
  reason: 'missing' | 'invalid' | 'rate-limited' | 'ambiguous',
  to: Destination,
  retryAfterSec?: number,
): Refused {
  const base = { ok: false as const, to };
  if (reason === 'rate-limited')
    return {
      ...base,
      status: 429,
      code: 'rate-limited',
      message: 'Too many failed attempts; try again later',
      retryAfterSec: retryAfterSec ?? 60,
    };
  if (reason === 'ambiguous') {
    return {
      ...base,
      status: 400,
      code: 'ambiguous',
      message:
        "two session cookies were sent (a page on this host may have set one); clear this site's cookies and log in again",
    };
  }
  return { ...base, status: 401, code: 'login', message: 'login required' };
}

function sameAuthority(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  const start = origin.indexOf('://');
  return start >= 0 && origin.slice(start + 3).toLowerCase() === host.toLowerCase();
}

export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}
