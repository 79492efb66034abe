'use client';
// The way on after a failed or stopped install: Install again. When the app's files never arrived (a
// wrong URL or path), its source is shown in a field to correct, and the install takes the corrected one.
import { useState } from 'react';
import { filesNeverArrived } from '@/lib/client/app-files';
import { activityHold } from '@/lib/client/maintenance-hold';
import type { AppDetail } from '@/lib/shared/app';
import { buttonClass } from '../ui/button-styles';

export function ReinstallBar({
  app,
  cancelled,
  pending,
  onInstall,
}: {
  app: AppDetail;
  /** The install was stopped, not failed. */
  cancelled: boolean;
  pending: boolean;
  onInstall: (source: string) => void;
}) {
  const original = app.source.catalogId ?? app.source.location;
  const [source, setSource] = useState(original);
  // The failed run is still fetching the app's files (its script is the fetch phase): the source may be wrong.
  const fetchFailed = !cancelled && app.source.kind !== 'catalog' && filesNeverArrived(app);
  const changed = source.trim() !== '' && source.trim() !== original;
  // A script running in the folder (run from the menu) would race the install: Install again waits for it.
  const held = activityHold(app.activity);
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (source.trim() !== '') onInstall(source.trim());
      }}
    >
      {fetchFailed ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="reinstall-source" className="text-sm font-semibold">
            Install from
          </label>
          <input
            id="reinstall-source"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            className="min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          className={`${buttonClass.primary} whitespace-nowrap`}
          disabled={pending || held !== null || source.trim() === ''}
        >
          {changed ? 'Install from this source' : 'Install again'}
        </button>
        <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="install-outcome">
          {/* After a failure the view above says what to do; a stopped install has no such view. */}
          {held ??
            (cancelled
              ? 'The install was stopped before it finished; install it again to use the app.'
              : fetchFailed
                ? 'Correct the source if it is wrong.'
                : null)}
        </span>
      </div>
    </form>
  );
}
