'use client';
// Update, roll back and remove an app, each behind a confirmation. While an update is known to be available, the
// update notice beside it (with what changed) is the one Update button.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { isCopiedFolder, type AppDetail } from '@/lib/shared/app';
import { useAppAction } from '@/lib/client/queries';
import { useUpdateCheck } from '@/lib/client/update-queries';
import { cardClass } from '../ui/button-styles';
import { ConfirmButton } from '../ui/confirm-button';

export function DangerZone({ app }: { app: AppDetail }) {
  const router = useRouter();
  const update = useAppAction('apps.update');
  const rollback = useAppAction('apps.rollback');
  const remove = useAppAction('apps.remove');
  const check = useUpdateCheck(app.name);
  const updateOffered = check !== undefined && check.behind > 0;
  const [keepData, setKeepData] = useState(false);
  const error = update.error ?? rollback.error ?? remove.error;
  const busy = update.isPending || rollback.isPending || remove.isPending;
  return (
    <section aria-labelledby="maintenance-heading" className={`${cardClass} flex flex-col gap-2`}>
      <h2 id="maintenance-heading" className="font-semibold">
        Maintenance
      </h2>
      <p className="text-xs text-zinc-500 break-all">
        From {app.source.location}
        {app.commit ? ` at ${app.commit.slice(0, 8)}` : ''}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {updateOffered ? null : (
          <ConfirmButton
            label="Update"
            question={
              isCopiedFolder(app.source)
                ? `Copy the launcher's files again from ${app.source.location}?`
                : 'Pull the newest launcher?'
            }
            confirmLabel="Update"
            disabled={busy}
            onConfirm={() => update.mutate({ name: app.name })}
          />
        )}
        {app.previousCommit ? (
          <ConfirmButton
            label="Roll back"
            question={`Return to ${app.previousCommit.slice(0, 8)}?`}
            confirmLabel="Roll back"
            disabled={busy}
            onConfirm={() => rollback.mutate({ name: app.name })}
          />
        ) : null}
        <ConfirmButton
          label="Remove"
          variant="danger"
          question={`Remove ${app.title || app.name}${keepData ? ' (keeping its data)' : ''}?`}
          confirmLabel="Remove"
          disabled={busy}
          onConfirm={() =>
            remove.mutate({ name: app.name, keepData }, { onSuccess: () => router.push('/') })
          }
        />
        <label className="flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            checked={keepData}
            onChange={(e) => setKeepData(e.target.checked)}
          />{' '}
          keep its data
        </label>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
        </p>
      ) : null}
    </section>
  );
}
