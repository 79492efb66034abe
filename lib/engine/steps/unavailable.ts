// Methods Hangar knows but cannot run: desktop-only ones, and download methods until the downloads issue lands.
import { EngineError } from '../errors';
import type { StepMethod } from './types';

/** Desktop-only methods and why Hangar (a server, possibly headless, reached through a browser) cannot run them. */
export const DESKTOP_ONLY: Record<string, string> = {
  'filepicker.open': 'a native file dialog would open on the server, not in your browser',
  'clipboard.copy': 'the server clipboard is not the clipboard of your browser',
  'clipboard.paste': 'the server clipboard is not the clipboard of your browser',
  'app.launch': 'desktop applications cannot be launched on the server from a web app',
  'uri.open': 'OS deep links would open on the server machine',
  'cloudflare.tunnel':
    'public tunnels are not started by scripts; Hangar serves every app under its own origin',
  'cloudflare.stop':
    'public tunnels are not started by scripts; Hangar serves every app under its own origin',
  'github.create': 'GitHub account integration is not part of Hangar',
  'github.fork': 'GitHub account integration is not part of Hangar',
  push: 'OS desktop notifications would appear on the server; use notify',
  'fs.open': 'the file manager would open on the server machine',
};

export function desktopOnly(method: string): StepMethod {
  return async () => {
    throw new EngineError(
      'not_available',
      `${method} is not available in Hangar: ${DESKTOP_ONLY[method]}`,
      { details: { method } },
    );
  };
}
