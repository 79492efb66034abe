// Hangar's session cookie: HttpOnly, SameSite=Lax; over HTTPS Secure and named with the __Host- prefix (which the
// browser lets no page set with a Domain); the proxy strips Hangar's cookies before any app sees them.
/** The session cookie's name over plain HTTP. */
export const SESSION_COOKIE = 'hangar_session';
/** The session cookie's name over HTTPS. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export const AMBIGUOUS_SESSION_MESSAGE =
  "two session cookies were sent (a page on this host may have set one); clear this site's cookies and log in again";

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Is this one of Hangar's own cookies (a session cookie, or an app's login cookie), which apps never see nor set? */
export function isHangarCookieName(name: string): boolean {
  return (
    name === SESSION_COOKIE ||
    name === SECURE_SESSION_COOKIE ||
    name.startsWith('hangar_app_') ||
    name.startsWith('__Host-hangar_app_')
  );
}

/** Every value of a cookie name in a Cookie header (Node joins several Cookie headers with '; '), in order. */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** The value of the first cookie of a name in a Cookie header, or undefined (never for a session: see readCookies). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  return readCookies(header, name)[0];
}

export function sessionCookie(
  value: string,
  options: { maxAgeSec: number; secure: boolean },
): string {
  return [
    `${sessionCookieName(options.secure)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSec}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
