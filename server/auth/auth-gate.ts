// The authentication gate: who may pass (session cookie or bearer token), logins, logouts and their audit.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuditLog, PasswordStore } from '../../lib/engine';
import { clientAddress } from './client-address';
import {
  AMBIGUOUS_SESSION_MESSAGE,
  clearedSessionCookie,
  readCookies,
  sessionCookie,
  sessionCookieName,
} from './cookies';
import {
  createLoginRateLimiter,
  type LoginRateLimiter,
  type RateLimiterOptions,
} from './rate-limiter';
import { createSessionStore, type SessionOptions, type SessionStore } from './sessions';

export type AuthCheck =
  | { ok: true; via: 'open' | 'session' | 'bearer' }
  | {
      ok: false;
      reason: 'missing' | 'invalid' | 'rate-limited' | 'ambiguous';
      retryAfterSec?: number;
    };

export type LoginOutcome =
  | { ok: true; cookie: string; method: 'password' | 'token' }
  | { ok: false; status: 401 | 429; message: string; retryAfterSec?: number };

export interface AuthGateOptions {
  /** False on a loopback binding: everyone passes (Host and Origin checks still apply). */
  required: boolean;
  /** The login and bearer token (HANGAR_TOKEN, or a random one per start). */
  token: string;
  passwords: PasswordStore;
  audit: AuditLog;
  /** HTTPS: the cookie is `Secure` and named `__Host-hangar_session`. */
  secure: boolean;
  /** Proxies whose X-Forwarded-For names the client (--trusted-proxy); none by default. */
  trustedProxies?: readonly string[];
  sessions?: SessionOptions;
  rateLimit?: RateLimiterOptions;
}

export interface AuthGate {
  readonly required: boolean;
  readonly secure: boolean;
  check(req: IncomingMessage): AuthCheck;
  isAuthenticated(req: IncomingMessage): boolean;
  /** The client's address as the gate sees it (through trusted proxies): what it limits and audits. */
  clientAddress(req: IncomingMessage): string;
  /** Password or token login; counts failures against the client's rate limit (the right token is never limited). */
  login(
    req: IncomingMessage,
    credentials: { password?: string; token?: string },
  ): Promise<LoginOutcome>;
  /** Ends the request's session; returns the Set-Cookie value that clears it. */
  logout(req: IncomingMessage): string;
  /** Ends every session (after a password change). */
  logoutEverywhere(): void;
  /** Is this Authorization header value Hangar's own bearer token (which must not reach apps)? */
  isHangarAuthorization(value: string): boolean;
  /** Does the request's session or bearer token hold, even when the gate is open? */
  hasCredentials(req: IncomingMessage): boolean;
  /** Does the gate let the request through on its session alone? Never counts a failure or writes the audit log. */
  passesOnSession(req: Pick<IncomingMessage, 'headers'>): boolean;
  /**
   * For a connection that outlives its request (Socket.IO, a proxied WebSocket): runs `end` when the request's
   * session ends, so a logout or password change also closes it. Returns the untie function, or null when the
   * connection rides no session (an open gate, or the bearer token, which lasts as long as Hangar runs).
   */
  tieToSession(req: Pick<IncomingMessage, 'headers'>, end: () => void): (() => void) | null;
  passwords: PasswordStore;
  sessions: SessionStore;
}

export function userAgentOf(req: IncomingMessage): string {
  return String(req.headers['user-agent'] ?? '').slice(0, 300);
}

function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  return bearerValue(header);
}

/** The token of a `Bearer` Authorization value, or '' for another scheme. */
function bearerValue(header: string): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : '';
}

export function createAuthGate(options: AuthGateOptions): AuthGate {
  const sessions = createSessionStore(options.sessions);
  const limiter: LoginRateLimiter = createLoginRateLimiter(options.rateLimit);
  const tokenDigest = createHash('sha256').update(options.token).digest();
  const tokenMatches = (candidate: string) =>
    timingSafeEqual(createHash('sha256').update(candidate).digest(), tokenDigest);
  const trustedProxies = [...(options.trustedProxies ?? [])];
  const addressOf = (req: IncomingMessage) => clientAddress(req, trustedProxies);
  const who = (req: IncomingMessage) => ({ address: addressOf(req), userAgent: userAgentOf(req) });
  const cookieName = sessionCookieName(options.secure);
  /** Every session id the request carries: more than one is cookie tossing, never resolved by order. */
  const sessionIds = (req: Pick<IncomingMessage, 'headers'>): string[] =>
    readCookies(req.headers.cookie, cookieName);
  const hasSession = (ids: string[]): boolean => ids.length === 1 && sessions.touch(ids[0]);

  function credentialCheck(req: IncomingMessage): AuthCheck {
    const ids = sessionIds(req);
    if (ids.length > 1) return { ok: false, reason: 'ambiguous' };
    if (hasSession(ids)) return { ok: true, via: 'session' };
    const bearer = bearerOf(req);
    if (bearer === undefined) return { ok: false, reason: 'missing' };
    // The token is never locked out: only wrong ones are counted and limited.
    if (bearer !== '' && tokenMatches(bearer)) return { ok: true, via: 'bearer' };
    const client = addressOf(req);
    const retryAfterSec = limiter.retryAfterSec(client);
    if (retryAfterSec > 0) return { ok: false, reason: 'rate-limited', retryAfterSec };
    limiter.fail(client);
    options.audit.record({ event: 'auth.bearer-rejected', ...who(req) });
    return { ok: false, reason: 'invalid' };
  }

  const gate: AuthGate = {
    required: options.required,
    secure: options.secure,
    passwords: options.passwords,
    sessions,
    check(req) {
      if (!options.required) return { ok: true, via: 'open' };
      return credentialCheck(req);
    },
    clientAddress: addressOf,
    isAuthenticated(req) {
      return gate.check(req).ok;
    },
    isHangarAuthorization(value) {
      const bearer = bearerValue(value);
      return bearer !== '' && tokenMatches(bearer);
    },
    hasCredentials(req) {
      return credentialCheck(req).ok;
    },
    passesOnSession(req) {
      return !options.required || hasSession(sessionIds(req));
    },
    tieToSession(req, end) {
      if (!options.required) return null;
      const ids = sessionIds(req);
      return ids.length === 1 ? sessions.tie(ids[0], end) : null;
    },
    async login(req, credentials) {
      // A second session cookie would still be sent beside the new one: logging in cannot help until it is cleared.
      if (sessionIds(req).length > 1)
        return { ok: false, status: 401, message: AMBIGUOUS_SESSION_MESSAGE };
      const client = addressOf(req);
      const loggedIn = (method: 'password' | 'token'): LoginOutcome => {
        const id = sessions.create(client);
        options.audit.record({ event: 'login', method, ...who(req) });
        return {
          ok: true,
          method,
          cookie: sessionCookie(id, {
            maxAgeSec: Math.floor(sessions.ttlMs / 1000),
            secure: options.secure,
          }),
        };
      };
      // The high-entropy token is never locked out; only password attempts and wrong tokens are limited.
      if (credentials.token && tokenMatches(credentials.token)) return loggedIn('token');
      const retryAfterSec = limiter.retryAfterSec(client);
      if (retryAfterSec > 0) {
        options.audit.record({ event: 'login.rate-limited', ...who(req), retryAfterSec });
        return {
          ok: false,
          status: 429,
          message: `Too many login attempts; try again in ${retryAfterSec} s`,
          retryAfterSec,
        };
      }
      // Counted before the (slow) password check, so parallel guesses cannot all pass the limit; a right one takes it back.
      const takeBack = limiter.fail(client);
      if (credentials.password && (await options.passwords.verify(credentials.password))) {
        takeBack();
        return loggedIn('password');
      }
      options.audit.record({
        event: 'login.failed',
        ...who(req),
        tried: credentials.password ? 'password' : credentials.token ? 'token' : 'nothing',
      });
      return { ok: false, status: 401, message: 'Wrong password or token' };
    },
    logout(req) {
      // Every session the request names ends (two of them mean someone tossed one in; neither should live on).
      const ids = sessionIds(req);
      if (ids.some((id) => sessions.touch(id)))
        options.audit.record({ event: 'logout', ...who(req) });
      for (const id of ids) sessions.revoke(id);
      return clearedSessionCookie(options.secure);
    },
    logoutEverywhere() {
      sessions.revokeAll();
    },
  };
  return gate;
}
