// Logins on app origins: a one-time code minted on Hangar's origin, exchanged on the app's origin for a cookie of its own.
import { randomBytes } from 'node:crypto';
import { readCookie } from './cookies';

/** How long a minted code may wait for its exchange. */
const CODE_TTL_MS = 60_000;
const MAX_CODES = 1000;

interface Grant {
  app: string;
  /** The Hangar session it came from: the app login ends with it. Null for a bearer-token login. */
  parent: string | null;
  expires: number;
}

export interface AppSessionOptions {
  /** HTTPS: cookies are `__Host-` prefixed and Secure. */
  secure: boolean;
  /** Does the Hangar session still hold (counts as activity)? */
  parentAlive(parent: string): boolean;
  now?: () => number;
}

export interface AppSessions {
  /** A one-time code for `app`, valid for a minute, bound to the Hangar session that asked for it. */
  mint(app: string, parent: string | null): string;
  /** Exchanges a code on the app's origin: the Set-Cookie value for that origin, or null (unknown, used, expired, another app). */
  redeem(code: string, app: string, label: string): string | null;
  /** Does this request carry a live login for `app` (its own cookie, bound to a live Hangar session)? */
  holds(cookieHeader: string | undefined, app: string, label: string): boolean;
  /** The Hangar session behind the app logins a Cookie header carries (a logout then also ends their connections). */
  parentOf(cookieHeader: string | undefined): string | null;
  /** The cookie name of an app's login on its origin. */
  cookieName(label: string): string;
  /** Ends every app login (after a password change, with every Hangar session). */
  revokeAll(): void;
}

export function createAppSessions(options: AppSessionOptions): AppSessions {
  const now = options.now ?? Date.now;
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, Grant>();
  const cookieName = (label: string) => `${options.secure ? '__Host-' : ''}hangar_app_${label}`;

  function sweep(): void {
    const t = now();
    for (const [code, grant] of codes) if (grant.expires <= t) codes.delete(code);
    for (const [token, grant] of tokens)
      if (grant.parent !== null && !options.parentAlive(grant.parent)) tokens.delete(token);
  }

  return {
    mint(app, parent) {
      if (codes.size >= MAX_CODES) sweep();
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { app, parent, expires: now() + CODE_TTL_MS });
      return code;
    },
    redeem(code, app, label) {
      const grant = codes.get(code);
      codes.delete(code);
      if (!grant || grant.app !== app || grant.expires <= now()) return null;
      if (grant.parent !== null && !options.parentAlive(grant.parent)) return null;
      sweep();
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, { app, parent: grant.parent, expires: Number.POSITIVE_INFINITY });
      // Under HTTPS the dashboard's embedded view (Hangar's page framing the app's origin) can carry it too.
      return [
        `${cookieName(label)}=${token}`,
        'Path=/',
        'HttpOnly',
        ...(options.secure ? ['SameSite=None', 'Secure'] : ['SameSite=Lax']),
      ].join('; ');
    },
    holds(cookieHeader, app, label) {
      const token = readCookie(cookieHeader, cookieName(label));
      if (!token) return false;
      const grant = tokens.get(token);
      if (!grant || grant.app !== app) return false;
      if (grant.parent !== null && !options.parentAlive(grant.parent)) {
        tokens.delete(token);
        return false;
      }
      return true;
    },
    parentOf(cookieHeader) {
      for (const part of (cookieHeader ?? '').split(';')) {
        const eq = part.indexOf('=');
        const name = part.slice(0, eq).trim();
        if (eq < 0 || !(name.startsWith('hangar_app_') || name.startsWith('__Host-hangar_app_')))
          continue;
        const parent = tokens.get(part.slice(eq + 1).trim())?.parent;
        if (parent) return parent;
      }
      return null;
    },
    cookieName,
    revokeAll() {
      codes.clear();
      tokens.clear();
    },
  };
}
