// Paths of Hangar's own login pages, shared by the server and the browser.

export const LOGIN_PATH = '/_hangar/login';

/** The login page, coming back to `next` (a path on this origin) afterwards. */
export function loginUrl(next: string): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}
