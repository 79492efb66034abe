// Paths of Hangar's own login pages and the `auth.status` answer, shared by the server and the browser.
import { z } from 'zod';
import { APP_ORIGIN_MODES } from './app-origin';

export const LOGIN_PATH = '/_hangar/login';

/**
 * The login page, coming back to `next` (a path on this origin) afterwards; `ended` when an open page's session
 * ended (a logout here or in another tab, a password change), which the page then says.
 */
export function loginUrl(next: string, options: { ended?: boolean } = {}): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(next)}${options.ended ? '&ended=1' : ''}`;
}

/** What `auth.status` answers. */
export const authStatusSchema = z.object({
  required: z.boolean(),
  passwordSet: z.boolean(),
  https: z.boolean(),
  /** How apps are served in this run of Hangar (config.json's appOrigins as read at start). */
  appOrigins: z.enum(APP_ORIGIN_MODES),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;
