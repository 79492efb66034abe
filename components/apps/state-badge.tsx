// A coloured pill naming an app's lifecycle state.
import type { AppState } from '@/lib/shared/app-state';

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

/** `cancelled`: an install-failed app whose install was stopped by the user, named so and not in red. */
export function StateBadge({ state, cancelled = false }: { state: AppState; cancelled?: boolean }) {
  return (
    <span
      data-testid="state-badge"
      data-state={state}
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${cancelled ? COLORS.stopped : COLORS[state]}`}
    >
      {cancelled ? 'install stopped' : state.replaceAll('-', ' ')}
    </span>
  );
}
