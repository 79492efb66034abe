// Why an app's Update, Roll back or Remove cannot run in its current state, as the state machine says: the buttons
// stay in view, disabled, with this line beside them, instead of answering a click with a refusal.
import type { AppActivity } from '@/lib/shared/app';
import { canMove, type AppState } from '@/lib/shared/app-state';

const HELD: Partial<Record<AppState, string>> = {
  'not-installed': 'It is not installed.',
  installing: 'Its install is under way: wait until it ends, or stop it.',
  starting: 'It is starting: wait until it runs, or stop it.',
  stopping: 'It is stopping.',
  updating: 'Its update is under way.',
  removing: 'It is being removed.',
};

/** The script running beside an idle app as people know it: its menu words ("Reset"), else its file name. */
export function activityName(activity: AppActivity): string {
  return activity.title ?? activity.script;
}

/** What a script running in the app's folder holds up: "“Reset” is running: let it end, or stop it." */
export function activityHold(activity: AppActivity | null | undefined): string | null {
  if (!activity) return null;
  const what = activity.status === 'waiting' ? 'is waiting for your answer' : 'is running';
  const name = activity.title ? `“${activity.title}”` : activity.script;
  return `${name} ${what}: let it end, or stop it.`;
}

/** Why the launcher cannot be updated or rolled back now (a running script holds it too); null when it can. */
export function updateHold(state: AppState, activity?: AppActivity | null): string | null {
  if (canMove(state, 'updating')) return activityHold(activity);
  if (state === 'running') return 'Stop the app to update it.';
  return HELD[state] ?? null;
}

/** Why the app cannot be removed now; null when it can. */
export function removeHold(state: AppState): string | null {
  if (canMove(state, 'removing')) return null;
  return HELD[state] ?? null;
}
