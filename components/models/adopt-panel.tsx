'use client';
// Models an app fetched by itself into its own folder, taken into the drive by hash (stored once, linked back).
import { useState } from 'react';
import { useApps } from '@/lib/client/queries';
import { useAdoptAppModels } from '@/lib/client/models-queries';
import { formatBytes } from '@/lib/shared/format';
import { buttonClass, cardClass } from '../ui/button-styles';

export function AdoptPanel() {
  const apps = useApps();
  const adopt = useAdoptAppModels();
  const [app, setApp] = useState('');
  const names = (apps.data ?? []).map((a) => a.name);
  const chosen = app || names[0] || '';
  const adopted = adopt.data;
  return (
    <section aria-labelledby="models-adopt" className={`${cardClass} flex flex-col gap-3`}>
      <div>
        <h2 id="models-adopt" className="font-semibold">
          Models an app downloaded itself
        </h2>
        <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
          Weights an app fetched into its own folder are found by hash and stored once in the drive;
          the app keeps finding them where they were.
        </p>
      </div>
      {names.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No apps installed yet.</p>
      ) : (
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-center"
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen) adopt.mutate(chosen);
          }}
        >
          <label htmlFor="adopt-app" className="text-sm">
            App
          </label>
          <select
            id="adopt-app"
            value={chosen}
            onChange={(e) => setApp(e.target.value)}
            className="min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <button type="submit" className={buttonClass.secondary} disabled={adopt.isPending}>
            Take its models into the drive
          </button>
        </form>
      )}
      {adopt.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {adopt.error.message}
        </p>
      ) : null}
      {adopted ? (
        <p role="status" className="text-sm" data-testid="adopt-result">
          {adopted.length === 0
            ? 'No model files outside the drive.'
            : `${adopted.length} file${adopted.length === 1 ? '' : 's'} (${formatBytes(
                adopted.reduce((n, f) => n + f.size, 0),
              )}) now in the drive${
                adopted.some((f) => f.duplicate) ? ', duplicates of stored models linked' : ''
              }.`}
        </p>
      ) : null}
    </section>
  );
}
