// The small login page Hangar serves itself (no Next, no script): a password or token form posting to /_hangar/login.
import type { ServerResponse } from 'node:http';
import { LOGIN_PATH } from '../../lib/shared/auth';
import { APP_NAME_PATTERN } from '../../lib/shared/app';
import { PAGES } from '../../lib/shared/pages';
import { escapeHtml, PAGE_FONT } from '../../lib/shared/html';

export { LOGIN_PATH };

export const LOGOUT_PATH = '/_hangar/logout';
export const PASSWORD_PATH = '/_hangar/password';

const LOGIN_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Hangar's mark (app/icon.svg), inline: the page's policy loads nothing. */
const MARK =
  '<svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0284c7"/><path d="M8 24V8h4v6h8V8h4v16h-4v-6h-8v6z" fill="#fff"/></svg>';

// The dashboard's palette (Tailwind's zinc and sky), light or dark as the system is.
const STYLE = `:root{color-scheme:light dark}
body{font:16px/1.5 ${PAGE_FONT};background:#fafafa;color:#18181b;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;border:1px solid #e4e4e7;padding:2rem;border-radius:12px;width:min(22rem,90vw);display:grid;gap:.8rem}
input{font:inherit;padding:.5rem .75rem;border-radius:6px;border:1px solid #d4d4d8;background:#fff;color:inherit}
button{font:inherit;padding:.5rem;border:0;border-radius:6px;background:#0284c7;color:#fff;font-weight:600;cursor:pointer}
button:hover{background:#0369a1}
.error{color:#dc2626}.hint{color:#52525b;font-size:.85rem}h1{margin:0 0 .5rem;font-size:1.3rem;display:flex;align-items:center;gap:.5rem}
@media (prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}form{background:#18181b;border-color:#27272a}
input{background:#09090b;border-color:#3f3f46}.error{color:#f87171}.hint{color:#a1a1aa}}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function sendHtmlPage(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', LOGIN_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // Not no-referrer: under it a browser sends `Origin: null` with the form's POST, which the CSRF check refuses.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.end(html);
}

export function loginPage(options: {
  next: string;
  error?: string;
  passwordSet: boolean;
  /** The page came here because its session ended: say so, and where logging in leads back to. */
  ended?: boolean;
}): string {
  const error = options.error
    ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>`
    : options.ended
      ? `<p role="status">Your session ended: you logged out (in this tab or another), or the password changed. Log in again to go back to ${escapeHtml(pageWords(options.next))}.</p>`
      : '';
  const hint = options.passwordSet
    ? 'Enter your Hangar password, or the token from the login URL Hangar printed when it started.'
    : 'No password is set yet: paste the token from the login URL Hangar printed when it started.';
  return page(
    'Log in · Hangar',
    `<form method="post" action="${LOGIN_PATH}"><h1>${MARK}Log in to Hangar</h1>${error}
<label for="password">Password or token</label><input id="password" name="password" type="password" autocomplete="current-password" autofocus required>
<input type="hidden" name="next" value="${escapeHtml(options.next)}"><button type="submit">Log in</button><p class="hint">${hint}</p></form>`,
  );
}

export function passwordPage(options: {
  error?: string;
  done?: boolean;
  passwordSet: boolean;
}): string {
  const note = options.done
    ? '<p role="status">Password saved. Other sessions were logged out.</p>'
    : '';
  const error = options.error
    ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>`
    : '';
  const current = options.passwordSet
    ? '<label for="current">Current password</label><input id="current" name="currentPassword" type="password" autocomplete="current-password" required>'
    : '';
  return page(
    'Password · Hangar',
    `<form method="post" action="${PASSWORD_PATH}"><h1>${options.passwordSet ? 'Change' : 'Set'} the Hangar password</h1>${note}${error}${current}
<label for="new">New password (8 characters or more)</label><input id="new" name="password" type="password" autocomplete="new-password" minlength="8" required>
<button type="submit">Save</button><p class="hint"><a href="/" style="color:#9bb4ff">Back to Hangar</a></p></form>`,
  );
}

/** Where a path leads, in the words of the navigation: "Terminals", "the page of comfyui". */
export function pageWords(next: string): string {
  const [first = '', second] = (next.split(/[?#]/)[0] ?? '').split('/').filter(Boolean);
  // An app's name is `[a-z0-9._-]` (APP_NAME_PATTERN): anything else is no app page, and reads as the path.
  if (first === 'manage' && second && APP_NAME_PATTERN.test(second)) return `the page of ${second}`;
  const known = PAGES.find((p) => p.href === `/${first}`);
  if (!known) return next;
  return known.href === '/' ? `the ${known.label}` : known.label;
}

/** A safe local redirect target: a path on this origin, never `//host` or a backslash trick. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\') ||
    // Control characters are exactly what this refuses.
    // oxlint-disable-next-line no-control-regex
    /[\0-\x1f]/.test(value)
  )
    return '/';
  if (value.startsWith(LOGIN_PATH) || value.startsWith(LOGOUT_PATH)) return '/';
  return value;
}
