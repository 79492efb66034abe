// A run's status in colour, the same wherever it shows (the run list, the log's header): as the state badges colour
// the app states they lead to.
const STATUS_TEXT: Record<string, string> = {
  failed: 'text-red-700 dark:text-red-400',
  crashed: 'text-red-700 dark:text-red-400',
  finished: 'text-emerald-700 dark:text-emerald-400',
  running: 'text-sky-700 dark:text-sky-400',
  waiting: 'text-amber-700 dark:text-amber-400',
  queued: 'text-sky-700 dark:text-sky-400',
  stopped: 'text-zinc-600 dark:text-zinc-400',
};

/** The text colour classes of a run status. */
export function runStatusText(status: string): string {
  return STATUS_TEXT[status] ?? 'text-zinc-600 dark:text-zinc-400';
}
