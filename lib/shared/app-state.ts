// App lifecycle states, shared by engine, API and UI.

export const APP_STATES = [
  'not-installed',
  'installing',
  'installed',
  'starting',
  'running',
  'stopping',
  'stopped',
  'updating',
  'failed',
] as const;

export type AppState = (typeof APP_STATES)[number];
