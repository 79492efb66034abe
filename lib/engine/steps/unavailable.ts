// Methods Hangar knows but cannot run: they would act on the server's desktop, not in the user's browser.
import { desktopStep, type StepDescriptor } from './descriptor';

const CLIPBOARD = 'the server clipboard is not the clipboard of your browser';
const TUNNEL =
  'public tunnels are not started by scripts; Hangar serves every app under its own origin';
const GITHUB = 'GitHub account integration is not part of Hangar';

/** Desktop-only methods and why Hangar (a server, possibly headless, reached through a browser) cannot run them. */
export const desktopSteps: Record<string, StepDescriptor> = {
  'filepicker.open': desktopStep(
    'opens a native file dialog',
    'a native file dialog would open on the server, not in your browser',
  ),
  'clipboard.copy': desktopStep('copies text to the clipboard', CLIPBOARD),
  'clipboard.paste': desktopStep('pastes text from the clipboard', CLIPBOARD),
  'app.launch': desktopStep(
    'launches a desktop application',
    'desktop applications cannot be launched on the server from a web app',
  ),
  'uri.open': desktopStep(
    'opens an OS deep link',
    'OS deep links would open on the server machine',
  ),
  'cloudflare.tunnel': desktopStep('starts a public tunnel', TUNNEL),
  'cloudflare.stop': desktopStep('stops a public tunnel', TUNNEL),
  'github.create': desktopStep('creates a GitHub repository', GITHUB),
  'github.fork': desktopStep('forks a GitHub repository', GITHUB),
  push: desktopStep(
    'shows an OS desktop notification',
    'OS desktop notifications would appear on the server; use notify',
  ),
  'fs.open': desktopStep(
    'opens a folder in the file manager',
    'the file manager would open on the server machine',
  ),
};
