'use client';
// Update, roll back and remove an app, each behind a confirmation. While an update is known to be available, the
// update notice beside it (with what changed) is the one Update button.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { isCopiedFolder, type AppDetail } from '@/lib/shared/app';
import { shortCommit } from '@/lib/shared/format';
import { useAppAction } from '@/lib/client/queries';
import { filesNeverArrived } from '@/lib/client/app-files';
import { removeHold, updateHold } from '@/lib/client/maintenance-hold';
import { useUpdateCheck } from '@/lib/client/update-queries';
import { updateOutcome } from '@/lib/shared/updates';
import { cardClass } from '../ui/button-styles';
import { ConfirmButton } from '../ui/confirm-button';

/** `onAction` is called as Update or Roll back begins (the dashboard then clears the update notice's outcome). */
export function DangerZone({ app, onAction }: { app: AppDetail; onAction?: () => void }) {
  const router = useRouter();
  const update = useAppAction('apps.update');
  const rollback = useAppAction('apps.rollback');
  const remove = useAppAction('apps.remove');
  const check = useUpdateCheck(app.name);
  const updateOffered = check !== undefined && check.behind > 0;
  const [keepData, setKeepData] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const error = update.error ?? rollback.error ?? remove.error;
  const busy = update.isPending || rollback.isPending || remove.isPending;
  // The state machine decides: an action its state cannot take now stays in view, disabled, with the reason.
  const heldUpdate = updateHold(app.state, app.activity);
  const heldRemove = removeHold(app.state);
  const hold = heldUpdate ?? heldRemove;
  // Without files there is nothing to update or roll back: Install again (above) is the way on, Remove the way out.
  const noFiles = filesNeverArrived(app);
  // After a rollback, an update on offer is the way forward: no second button beside it ("Return to …").
  const back =
    noFiles || (updateOffered && app.generations[0]?.newer) ? undefined : app.generations[0];
  const copied = isCopiedFolder(app.source);
  return (
    <section aria-labelledby="maintenance-heading" className={`${cardClass} flex flex-col gap-2`}>
      <h2 id="maintenance-heading" className="font-semibold">
        Maintenance
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        From <span className="break-all">{app.source.location}</span>
        {app.commit ? (
          <>
            {' '}
            <span className="whitespace-nowrap">at {shortCommit(app.commit)}</span>
          </>
        ) : null}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {updateOffered || noFiles ? null : (
          <ConfirmButton
            label="Update"
            question={
              copied
                ? `Copy the launcher's files again from ${app.source.location}?`
                : 'Pull the newest launcher?'
            }
            confirmLabel="Update"
            disabled={busy || heldUpdate !== null}
            onConfirm={() => {
              setOutcome(null);
              onAction?.();
              update.mutate(
                { name: app.name },
                { onSuccess: (result) => setOutcome(updateOutcome(result, copied)) },
              );
            }}
          />
        )}
        {back ? (
          <ConfirmButton
            label={back.newer ? `Return to ${shortCommit(back.commit)}` : 'Roll back'}
            question={
              back.newer
                ? `Go forward again to ${shortCommit(back.commit)}, where this app was before it was rolled back?`
                : `Return to ${shortCommit(back.commit)}?`
            }
            confirmLabel={back.newer ? 'Return' : 'Roll back'}
            disabled={busy || heldUpdate !== null}
            onConfirm={() => {
              setOutcome(null);
              onAction?.();
              rollback.mutate(
                { name: app.name },
                { onSuccess: (result) => setOutcome(`Now at ${shortCommit(result.commit)}.`) },
              );
            }}
          />
        ) : null}
        <ConfirmButton
          label="Remove"
          variant="danger"
          question={`Remove ${app.title || app.name}${keepData ? ' (keeping its data)' : ''}?`}
          confirmLabel="Remove"
          disabled={busy || heldRemove !== null}
          onConfirm={() =>
            remove.mutate({ name: app.name, keepData }, { onSuccess: () => router.push('/') })
          }
        />
        {/* An app whose files never arrived has no data to keep. */}
        {noFiles ? null : (
          <label className="flex items-center gap-1 text-xs">
            <input
              type="checkbox"
              disabled={heldRemove !== null}
              checked={keepData}
              onChange={(e) => setKeepData(e.target.checked)}
            />{' '}
            keep its data
          </label>
        )}
      </div>
      {hold && !busy ? (
        <p data-testid="maintenance-hold" className="text-sm text-zinc-600 dark:text-zinc-400">
          {hold}
        </p>
      ) : null}
      {outcome && !busy ? (
        <p role="status" data-testid="maintenance-outcome" className="text-sm">
          {outcome}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
    </section>
  );
}
