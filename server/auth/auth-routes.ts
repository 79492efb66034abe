// Hangar's own auth pages: GET/POST /_hangar/login, POST /_hangar/logout, GET/POST /_hangar/password; and the 401 answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditLog } from '../../lib/engine';
import { EngineError, errorMessage } from '../../lib/engine';
import { sendJson, sendText } from '../http-util';
import { userAgentOf, type AuthCheck, type AuthGate } from './auth-gate';
import { AMBIGUOUS_SESSION_MESSAGE } from './cookies';
import {
  LOGIN_PATH,
  LOGOUT_PATH,
  PASSWORD_PATH,
  loginPage,
  passwordPage,
  safeNext,
  sendHtmlPage,
} from './login-page';
import { readForm } from './read-form';
import { loginUrl } from '../../lib/shared/auth';

export const AUTH_PATHS = [LOGIN_PATH, LOGOUT_PATH, PASSWORD_PATH];

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  if (cookie) res.setHeader('Set-Cookie', cookie);
  res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}

function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/** Answers a request the gate refused: the login page for browsers, 401/429 for everything else. */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  check: Exclude<AuthCheck, { ok: true }>,
  pathname: string,
): void {
  if (check.reason === 'rate-limited') {
    res.setHeader('Retry-After', String(check.retryAfterSec ?? 60));
    return sendJson(res, 429, {
      error: { code: 'rate_limited', message: 'Too many failed attempts; try again later' },
    });
  }
  // Not a redirect to the login page: logging in there would lead straight back here.
  if (check.reason === 'ambiguous') {
    if ((req.method === 'GET' || req.method === 'HEAD') && wantsHtml(req)) {
      const query = req.url && req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return sendHtmlPage(
        res,
        401,
        loginPage({
          next: safeNext(pathname + query),
          error: AMBIGUOUS_SESSION_MESSAGE,
          passwordSet: true,
        }),
      );
    }
    return sendJson(res, 401, {
      error: { code: 'unauthorized', message: AMBIGUOUS_SESSION_MESSAGE },
    });
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && wantsHtml(req)) {
    const query = req.url && req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    return redirect(res, loginUrl(safeNext(pathname + query)));
  }
  res.setHeader('WWW-Authenticate', 'Bearer realm="Hangar"');
  sendJson(res, 401, {
    error: {
      code: 'unauthorized',
      message: `Log in at ${LOGIN_PATH} or send Authorization: Bearer <token>`,
    },
  });
}

export function createAuthRoutes(gate: AuthGate, audit: AuditLog) {
  async function postLogin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    if (!form.ok) return sendText(res, form.status, form.message);
    const { fields } = form;
    const secret = fields.password ?? '';
    // The form has one field: it may hold the password or the login token.
    const outcome = await gate.login(
      req,
      form.json
        ? { password: fields.password, token: fields.token }
        : { password: secret, token: fields.token ?? secret },
    );
    const next = safeNext(fields.next);
    if (!outcome.ok) {
      if (outcome.retryAfterSec) res.setHeader('Retry-After', String(outcome.retryAfterSec));
      if (form.json)
        return sendJson(res, outcome.status, {
          error: {
            code: outcome.status === 429 ? 'rate_limited' : 'unauthorized',
            message: outcome.message,
          },
        });
      return sendHtmlPage(
        res,
        outcome.status,
        loginPage({ next, error: outcome.message, passwordSet: await gate.passwords.isSet() }),
      );
    }
    if (form.json) {
      res.setHeader('Set-Cookie', outcome.cookie);
      return sendJson(res, 200, { ok: true });
    }
    const needsPassword = outcome.method === 'token' && !(await gate.passwords.isSet());
    redirect(res, needsPassword ? PASSWORD_PATH : next, outcome.cookie);
  }

  async function getLogin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const next = safeNext(url.searchParams.get('next'));
    const token = url.searchParams.get('token');
    // The printed login URL (as Jupyter's): the token logs in and the redirect drops it from the address bar.
    if (token) {
      const outcome = await gate.login(req, { token });
      if (outcome.ok)
        return redirect(res, (await gate.passwords.isSet()) ? next : PASSWORD_PATH, outcome.cookie);
      if (outcome.retryAfterSec) res.setHeader('Retry-After', String(outcome.retryAfterSec));
      return sendHtmlPage(
        res,
        outcome.status,
        loginPage({ next, error: outcome.message, passwordSet: await gate.passwords.isSet() }),
      );
    }
    const check = gate.check(req);
    if (check.ok) return redirect(res, next);
    const error = check.reason === 'ambiguous' ? AMBIGUOUS_SESSION_MESSAGE : undefined;
    sendHtmlPage(
      res,
      error ? 401 : 200,
      loginPage({
        next,
        error,
        passwordSet: await gate.passwords.isSet(),
        ended: url.searchParams.get('ended') === '1',
      }),
    );
  }

  async function postPassword(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    if (!form.ok) return sendText(res, form.status, form.message);
    try {
      await changePassword(
        gate,
        audit,
        { address: gate.clientAddress(req), userAgent: userAgentOf(req) },
        form.fields.password ?? '',
        form.fields.currentPassword,
      );
    } catch (error) {
      if (form.json)
        return sendJson(res, 400, {
          error: { code: 'invalid_params', message: errorMessage(error) },
        });
      return sendHtmlPage(
        res,
        400,
        passwordPage({ error: errorMessage(error), passwordSet: await gate.passwords.isSet() }),
      );
    }
    const login = await gate.login(req, { password: form.fields.password });
    if (login.ok) res.setHeader('Set-Cookie', login.cookie);
    if (form.json) return sendJson(res, 200, { ok: true });
    sendHtmlPage(res, 200, passwordPage({ done: true, passwordSet: true }));
  }

  /** Handles the auth paths; false for every other path. */
  return function handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (!AUTH_PATHS.includes(pathname)) return false;
    const url = new URL(req.url ?? '/', 'http://hangar.invalid');
    const fail = (error: unknown) => {
      console.error(`[auth] ${req.method} ${pathname} failed:`, error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
    };
    if (pathname === LOGIN_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!gate.required) redirect(res, safeNext(url.searchParams.get('next')));
      else void getLogin(req, res, url).catch(fail);
    } else if (pathname === LOGIN_PATH && req.method === 'POST') {
      if (!gate.required) sendJson(res, 200, { ok: true, authRequired: false });
      else void postLogin(req, res).catch(fail);
    } else if (pathname === LOGOUT_PATH && req.method === 'POST') {
      const cookie = gate.logout(req);
      if (wantsHtml(req)) redirect(res, LOGIN_PATH, cookie);
      else {
        res.setHeader('Set-Cookie', cookie);
        sendJson(res, 200, { ok: true });
      }
    } else if (pathname === PASSWORD_PATH && (req.method === 'GET' || req.method === 'POST')) {
      const check = gate.check(req);
      if (!check.ok) refuse(req, res, check, pathname);
      else if (req.method === 'GET')
        void gate.passwords
          .isSet()
          .then((passwordSet) => sendHtmlPage(res, 200, passwordPage({ passwordSet })), fail);
      else void postPassword(req, res).catch(fail);
    } else {
      res.setHeader('Allow', pathname === LOGOUT_PATH ? 'POST' : 'GET, POST');
      sendText(res, 405, 'Method Not Allowed');
    }
    return true;
  };
}

/** Sets the owner's password (the current one is required to change it), ends other sessions and audits it. */
export async function changePassword(
  gate: AuthGate,
  audit: AuditLog,
  who: { address?: string; userAgent?: string },
  password: string,
  currentPassword?: string,
): Promise<void> {
  if (
    (await gate.passwords.isSet()) &&
    !(currentPassword && (await gate.passwords.verify(currentPassword)))
  ) {
    audit.record({ event: 'settings.password.rejected', ...who });
    throw new EngineError('unauthorized', 'The current password is wrong');
  }
  await gate.passwords.set(password);
  gate.logoutEverywhere();
  audit.record({ event: 'settings.password', ...who });
}
