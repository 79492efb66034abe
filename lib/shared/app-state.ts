// App lifecycle states, shared by engine, API and UI (the legal moves between them live in lib/engine/apps/app-states.ts).
import { z } from 'zod';

export const APP_STATES = [
  'not-installed',
  'installing',
  'install-failed',
  'installed',
  'starting',
  'running',
  'stopping',
  'stopped',
  'failed',
  'updating',
  'removing',
] as const;

export const appStateSchema = z.enum(APP_STATES);
export type AppState = (typeof APP_STATES)[number];

/** States in which Start is offered: an installed app that is neither busy nor running. */
export const STARTABLE_STATES: ReadonlySet<AppState> = new Set<AppState>([
  'installed',
  'stopped',
  'failed',
]);

/** States in which an operation is in progress: another one answers `app_busy` (a second Start joins the first). */
export const BUSY_STATES: ReadonlySet<AppState> = new Set<AppState>([
  'installing',
  'starting',
  'stopping',
  'updating',
  'removing',
]);
