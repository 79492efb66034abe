// The live view of an app's virtual display: where its WebSocket is, and what the dashboard learns about it.
import { z } from 'zod';

/** `<DISPLAY_PATH>/<app>` on Hangar's origin is a WebSocket speaking RFB (VNC) to the app's display. */
export const DISPLAY_PATH = '/_hangar/display';

export function displayPath(app: string): string {
  return `${DISPLAY_PATH}/${encodeURIComponent(app)}`;
}

/** The app name of a display path, or null for any other path. */
export function appOfDisplayPath(pathname: string): string | null {
  if (!pathname.startsWith(`${DISPLAY_PATH}/`)) return null;
  const rest = pathname.slice(DISPLAY_PATH.length + 1);
  if (rest === '' || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

export const appDisplaysSchema = z.object({
  /** Numbers of the app's live virtual displays (`DISPLAY=:<n>`). */
  displays: z.array(z.number().int()),
  /** x11vnc is installed: the dashboard can show a display live. */
  viewer: z.boolean(),
  /** How to install x11vnc when it is missing. */
  install: z.string(),
});
export type AppDisplays = z.infer<typeof appDisplaysSchema>;
