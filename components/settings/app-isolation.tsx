'use client';
// App isolation: each app on its own origin (the default) or every app under /apps/<name>/ on Hangar's origin.
import { useSetSettings, useSettings } from '@/lib/client/settings-queries';
import type { AppOriginMode } from '@/lib/shared/app-origin';
import { RestartNote } from './restart-note';

export function AppIsolation({ running }: { running: AppOriginMode | null }) {
  const settings = useSettings();
  const save = useSetSettings();
  const chosen = settings.data?.appOrigins ?? null;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="app-isolation">
      <label className="flex flex-wrap items-center gap-2">
        <span className="text-zinc-500 dark:text-zinc-400">How apps are served</span>
        <select
          className="max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          value={chosen ?? 'origin'}
          disabled={chosen === null || save.isPending}
          onChange={(event) => save.mutate({ appOrigins: event.target.value as AppOriginMode })}
        >
          <option value="origin">Each app on its own origin (recommended)</option>
          <option value="path">All apps under /apps/&lt;name&gt;/ on Hangar’s origin</option>
        </select>
      </label>
      {chosen === 'path' ? (
        <p
          role="note"
          className="rounded-md border border-amber-400 bg-amber-50 p-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          In path mode every app’s pages share Hangar’s origin, and so its trust: a script in any
          app (or a bug that lets someone inject one) can act as you on Hangar — install launchers,
          open terminals, change settings. Choose it only for apps you trust, when you need one
          literal address.
        </p>
      ) : null}
      <RestartNote
        setting="appOrigins"
        settings={settings.data}
        now={running === null ? undefined : `it runs in ${running} mode now`}
      />
      {save.error ? (
        <p role="alert" className="text-red-600 dark:text-red-400">
          Could not save: {save.error.message}
        </p>
      ) : null}
    </div>
  );
}
