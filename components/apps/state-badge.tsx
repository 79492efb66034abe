// A coloured pill naming an app's lifecycle state.
import type { AppActivity } from '@/lib/shared/app';
import type { AppState } from '@/lib/shared/app-state';
import { activityName } from '@/lib/client/maintenance-hold';

const COLORS: Record<AppState, string> = {
  'not-installed': 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  installing: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  'install-failed': 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  installed: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  starting: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  stopping: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  stopped: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  updating: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  removing: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
};

/** How a state reads: "installed" and "stopped" both mean "not running" to the person choosing what to do next. */
const LABELS: Partial<Record<AppState, string>> = {
  installed: 'not running',
  stopped: 'not running',
};

/** What the pill's tooltip adds where the label folds states together. */
const TITLES: Partial<Record<AppState, string>> = {
  installed: 'Installed; not started since',
  stopped: 'Stopped',
};

/**
 * `cancelled`: an install-failed app whose install was stopped by the user, named so and not in red. `activity`: a
 * script running while the app does not serve (reset.js, a question), named instead of "not running".
 */
export function StateBadge({
  state,
  cancelled = false,
  activity = null,
}: {
  state: AppState;
  cancelled?: boolean;
  activity?: AppActivity | null;
}) {
  const label = activity
    ? activity.status === 'waiting'
      ? 'waiting for your answer'
      : `running: ${activityName(activity)}`
    : cancelled
      ? 'install stopped'
      : (LABELS[state] ?? state.replaceAll('-', ' '));
  const color = activity
    ? activity.status === 'waiting'
      ? COLORS.starting
      : COLORS.installing
    : cancelled
      ? COLORS.stopped
      : COLORS[state];
  return (
    <span
      data-testid="state-badge"
      data-state={state}
      data-activity={activity?.status}
      title={activity ? activity.script : TITLES[state]}
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${color}`}
    >
      {label}
    </span>
  );
}
