// App lifecycle states and the legal moves between them, shared by the engine (lib/engine/apps/app-states.ts moves
// apps by this table) and the UI (which offers an action only where its move is legal).
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

/**
 * Legal transitions (the README's "App states" table says the same):
 *
 * | from           | to                                                        | by                                                   |
 * |----------------|-----------------------------------------------------------|------------------------------------------------------|
 * | not-installed  | installing, removing                                      | install (its files are fetched first), remove        |
 * | installing     | installed, install-failed                                 | the install run ends; a stop cancels it              |
 * | install-failed | installing, updating, removing                            | reinstall (apps.install or install.js), update, remove |
 * | installed      | starting, installing, updating, removing                  | start, install.js from the menu, update/rollback, remove |
 * | starting       | running, failed, stopping, stopped                        | ready, start failure, stop                           |
 * | running        | stopping, stopped, failed, removing                       | stop, the app exits, the app crashes, remove         |
 * | stopping       | stopped, failed                                           | the processes are gone                               |
 * | stopped        | starting, installing, updating, removing                  | like installed                                       |
 * | failed         | starting, stopping, stopped, installing, updating, removing | a start or run failed: start again, stop, reinstall… |
 * | updating       | installed, stopped, install-failed, failed, installing    | back to where it was; failed when a rollback failed; installing when a rollback crosses an install-script change |
 * | removing       | not-installed, stopped, install-failed                    | removed (the record goes), or the removal failed     |
 *
 * `failed` is a start or run failure of an installed app; `install-failed` an install that failed or was cancelled.
 */
export const TRANSITIONS: Readonly<Record<AppState, readonly AppState[]>> = {
  'not-installed': ['installing', 'removing'],
  installing: ['installed', 'install-failed'],
  'install-failed': ['installing', 'updating', 'removing'],
  installed: ['starting', 'installing', 'updating', 'removing'],
  starting: ['running', 'failed', 'stopping', 'stopped'],
  running: ['stopping', 'stopped', 'failed', 'removing'],
  stopping: ['stopped', 'failed'],
  stopped: ['starting', 'installing', 'updating', 'removing'],
  failed: ['starting', 'stopping', 'stopped', 'installing', 'updating', 'removing'],
  updating: ['installed', 'stopped', 'install-failed', 'failed', 'installing'],
  removing: ['not-installed', 'stopped', 'install-failed'],
};

/** Whether an app in `from` may move to `to`. */
export function canMove(from: AppState, to: AppState): boolean {
  return TRANSITIONS[from].includes(to);
}
