// The advice for a GUI program that found no X display.
const NO_DISPLAY = [
  /cannot open display/i,
  /can't open display/i,
  /unable to open display/i,
  /could not connect to display/i,
  /no display name and no \$DISPLAY/i,
  /Missing X server or \$DISPLAY/i,
];

export const DISPLAY_HINT =
  'This program needs a screen (an X display). Add `display: true` to the shell.run step that starts it: Hangar then runs it on its own virtual display (Xvfb), which the app page shows live when x11vnc is installed.';

/** True when `text` (a program's output) says it could not open an X display. */
export function lacksDisplay(text: string): boolean {
  return NO_DISPLAY.some((re) => re.test(text));
}

export const NO_DISPLAY_PATTERNS: readonly RegExp[] = NO_DISPLAY;
