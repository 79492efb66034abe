// How apps are given their own browser origins: the DNS label an app name maps to, and the origin modes.

/** `origin`: each app at the root of its own origin (the default); `path`: every app under /apps/<name>/ on Hangar's origin. */
export const APP_ORIGIN_MODES = ['origin', 'path'] as const;
export type AppOriginMode = (typeof APP_ORIGIN_MODES)[number];

/** The flavours of an app origin, chosen per request by how the browser reaches Hangar. */
export type AppOriginFlavour = 'subdomain' | 'domain' | 'port';

/** Hangar's own path on an app origin: where a one-time login code is exchanged for the app's cookie. */
export const APP_AUTH_PATH = '/_hangar/app-auth';
/** Hangar's path that sends a browser to an app origin, logged in (`?app=<name>&next=<path>`). */
export const APP_LOGIN_PATH = '/_hangar/app-login';
/** Hangar's probe for `*.localhost` resolution: answered on any app-origin host. */
export const ORIGIN_PROBE_PATH = '/_hangar/origin-probe';
/** The browser's answer to the probe, kept in a cookie on Hangar's origin: `subdomain` or `port`. */
export const ORIGIN_PREFERENCE_COOKIE = 'hangar_app_origins';

const VALID_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The DNS label of an app's origin. A name that already is a valid lower-case label (letters, digits, inner
 * hyphens, at most 63 characters, no `xx--` punycode-style prefix) is its own label. Any other name is lower-cased,
 * every character outside a–z, 0–9 becomes `-`, runs of `-` collapse, the ends are trimmed, the result is cut to
 * 54 characters and `-` plus 8 hex digits of the name's FNV-1a hash is appended: `My_App` → `my-app-1c0e2f5a`.
 * The hash keeps two names that differ only in case or punctuation on two origins.
 */
export function appLabel(name: string): string {
  if (VALID_LABEL.test(name) && name.slice(2, 4) !== '--') return name;
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 54)
    .replace(/-+$/, '');
  return `${base || 'app'}-${fnv1a(name)}`;
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits (stable across runs and machines). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
