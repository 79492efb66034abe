'use client';
// "Update available" with the changelog and a one-click Update; after the update, Roll back is offered.
import type { AppActivity } from '@/lib/shared/app';
import type { AppState } from '@/lib/shared/app-state';
import { updateHold } from '@/lib/client/maintenance-hold';
import { useAppAction } from '@/lib/client/queries';
import { useUpdateCheck } from '@/lib/client/update-queries';
import { updateOutcome, updateSummary } from '@/lib/shared/updates';
import { shortCommit } from '@/lib/shared/format';
import { buttonClass } from '../ui/button-styles';

/**
 * `state` is the app's lifecycle state: where it cannot update now, the buttons wait and say why. Where Maintenance
 * stands beside the notice (`rollBackBeside`), the notice offers no Roll back of its own after an update.
 */
export function UpdateNotice({
  name,
  state,
  rollBackBeside = false,
  commit,
  activity = null,
  onAction,
}: {
  name: string;
  state: AppState;
  /** A script running in the app's folder: Update waits for it. */
  activity?: AppActivity | null;
  /** Called as its Update or Roll back begins (the dashboard then clears Maintenance's last outcome). */
  onAction?: () => void;
  rollBackBeside?: boolean;
  /** The app's commit now: beside Maintenance, "Updated to …" goes once a later action moved the app elsewhere. */
  commit?: string | null;
}) {
  const check = useUpdateCheck(name);
  const update = useAppAction('apps.update');
  const rollback = useAppAction('apps.rollback');
  // What the notice's own Update did is the mutation's last answer (a Roll back from here clears it).
  const done = update.data;
  const upToDate = done?.updated === false;
  const updatedFrom = done?.updated ? done.previousCommit : null;
  const updatedTo = done?.updated ? done.commit : null;
  const hold = updateHold(state, activity);
  const busy = update.isPending || rollback.isPending || hold !== null;
  const error = update.error ?? rollback.error;
  const available = check !== undefined && check.behind > 0;
  const moved = rollBackBeside && updatedTo !== null && commit != null && commit !== updatedTo;
  if (!available && ((!updatedFrom && !upToDate) || moved)) return null;
  return (
    <div
      data-testid={`update-${name}`}
      className="flex flex-col gap-1.5 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm dark:border-sky-900 dark:bg-sky-950"
    >
      {available ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium text-sky-900 dark:text-sky-200">
              Update available · {updateSummary(check)}
            </span>
            <button
              type="button"
              className={`${buttonClass.primary} ml-auto`}
              disabled={busy}
              aria-label={`Update ${name}`}
              onClick={() => {
                onAction?.();
                update.mutate({ name });
              }}
            >
              {update.isPending ? 'Updating…' : 'Update'}
            </button>
          </div>
          <details>
            <summary className="cursor-pointer text-xs text-sky-800 dark:text-sky-300">
              What changed
            </summary>
            <ul className="mt-1 flex flex-col gap-0.5 text-xs">
              {check.changelog.map((entry) => (
                <li key={entry.commit || entry.subject} className="break-words">
                  {entry.commit ? (
                    <code className="text-zinc-500 dark:text-zinc-400">
                      {shortCommit(entry.commit)}{' '}
                    </code>
                  ) : null}
                  {entry.subject}
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : upToDate || rollBackBeside ? (
        <span className="text-sky-900 dark:text-sky-200">{updateOutcome(done!)}</span>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="text-sky-900 dark:text-sky-200">{updateOutcome(done!)}</span>
          <button
            type="button"
            className={buttonClass.secondary}
            disabled={busy}
            aria-label={`Roll back ${name}`}
            onClick={() => {
              onAction?.();
              rollback.mutate({ name }, { onSuccess: () => update.reset() });
            }}
          >
            Roll back{updatedFrom ? ` to ${shortCommit(updatedFrom)}` : ''}
          </button>
        </div>
      )}
      {hold && !update.isPending && !rollback.isPending ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{hold}</p>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
