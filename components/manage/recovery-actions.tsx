'use client';
// What a user can do after a failure: Retry a failed start, and View log (the failed run's log in the run panel) while
// another run's log is shown. A failed install already offers Install again; Roll back lives with Update in maintenance.
import { useState } from 'react';
import type { AppDetail } from '@/lib/shared/app';
import { useAppAction } from '@/lib/client/queries';
import { buttonClass } from '../ui/button-styles';

export function RecoveryActions({
  app,
  shownRun,
  onShowRun,
}: {
  app: AppDetail;
  /** The run whose log the dashboard shows now. */
  shownRun: string | null;
  /** Shows a run's log (null: the latest run's, as a new start's). */
  onShowRun: (runId: string | null) => void;
}) {
  const start = useAppAction('apps.start');
  const [error, setError] = useState<string | null>(null);
  // An error belongs to the state it came in: a new state (the retry started, or failed anew) clears it.
  const [errorState, setErrorState] = useState(app.state);
  if (errorState !== app.state) {
    setErrorState(app.state);
    setError(null);
  }
  const failed = app.state === 'failed';
  const installFailed =
    app.state === 'install-failed' && app.error?.message !== 'install cancelled';
  if (!failed && !installFailed) return null;
  const failedRun = app.error?.runId;
  // While the failed run's log is the one shown, a button to show it would do nothing: there is none.
  const viewLog = failedRun && shownRun !== failedRun ? failedRun : null;
  if (!failed && !viewLog && !error) return null;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="recovery-actions">
      {failed ? (
        <button
          type="button"
          className={`${buttonClass.primary} whitespace-nowrap`}
          disabled={start.isPending}
          onClick={() => {
            setError(null);
            onShowRun(null);
            start.mutate({ name: app.name }, { onError: (e) => setError(e.message) });
          }}
        >
          {start.isPending ? 'Starting…' : 'Retry'}
        </button>
      ) : null}
      {viewLog ? (
        <button
          type="button"
          className={`${buttonClass.secondary} whitespace-nowrap`}
          onClick={() => onShowRun(viewLog)}
        >
          View log
        </button>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
