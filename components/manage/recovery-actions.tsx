'use client';
// What a user can do after a failure: Retry a failed start, and View log (the failed run's log in the run panel).
// A failed install already offers Reinstall; Roll back lives with Update in the maintenance area.
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
      {failedRun ? (
        <button
          type="button"
          className={`${buttonClass.secondary} whitespace-nowrap`}
          disabled={shownRun === failedRun}
          onClick={() => onShowRun(failedRun)}
        >
          {shownRun === failedRun ? 'Showing its log' : 'View log'}
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
