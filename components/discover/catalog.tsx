'use client';
// The catalog with a search box and tag filters; each entry's Install opens its install dialog (needs, free space).
import { useMemo, useState } from 'react';
import type { CatalogItem } from '@/lib/shared/catalog';
import { useApps, useCatalog } from '@/lib/client/queries';
import { AppIcon } from '../apps/app-icon';
import { buttonClass, cardClass } from '../ui/button-styles';
import { EmptyState } from '../ui/empty-state';
import { UpdateNotice } from '../apps/update-notice';
import { CatalogNeeds, CatalogScreenshots } from './catalog-extras';
import { InstallDialog } from './install-dialog';

export function Catalog() {
  const { data, error, isLoading } = useCatalog();
  const apps = useApps();
  // The entry whose install dialog is open (what it needs, the free space, Install).
  const [installing, setInstalling] = useState<CatalogItem | null>(null);
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const tags = useMemo(
    () => Array.from(new Set((data ?? []).flatMap((e) => e.tags))).sort(),
    [data],
  );
  const installed = new Map((apps.data ?? []).map((a) => [a.name, a]));
  const q = query.trim().toLowerCase();
  const shown = (data ?? []).filter(
    (e) =>
      (!tag || e.tags.includes(tag)) &&
      (!q || `${e.title} ${e.description} ${e.tags.join(' ')}`.toLowerCase().includes(q)),
  );
  if (isLoading)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading the catalog…</p>;
  if (error)
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        Could not load the catalog: {error.message}
      </p>
    );
  if (!data || data.length === 0)
    return (
      <EmptyState
        title="The catalog is empty"
        body="Catalog entries live in the catalog/ folder of this Hangar."
      />
    );
  return (
    <section aria-labelledby="catalog-heading" className="flex flex-col gap-3">
      <h2 id="catalog-heading" className="font-semibold">
        Catalog
      </h2>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <input
          type="search"
          aria-label="Search the catalog"
          placeholder="Search tools…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm sm:w-72 dark:border-zinc-700 dark:bg-zinc-950"
        />
        <div role="group" aria-label="Filter by tag" className="flex flex-wrap gap-1">
          {tags.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={tag === t}
              onClick={() => setTag(tag === t ? null : t)}
              className={`rounded-full px-2.5 py-0.5 text-xs ${tag === t ? 'bg-sky-600 text-white' : 'bg-zinc-200 dark:bg-zinc-800'}`}
            >
              {t}
            </button>
          ))}
        </div>
      </div>
      {installing ? <InstallDialog entry={installing} onClose={() => setInstalling(null)} /> : null}
      {shown.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing matches “{query}”.</p>
      ) : null}
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((entry) => {
          const app = installed.get(entry.id);
          return (
            <li key={entry.id} className={`${cardClass} flex flex-col gap-2`}>
              <div className="flex items-start gap-3">
                <AppIcon title={entry.title} icon={entry.icon} />
                <div className="min-w-0">
                  <h3 className="font-semibold">{entry.title}</h3>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">{entry.description}</p>
                </div>
              </div>
              <CatalogNeeds entry={entry} />
              <CatalogScreenshots entry={entry} />
              {app ? (
                <UpdateNotice name={entry.id} state={app.state} activity={app.activity} />
              ) : null}
              <div className="mt-auto flex items-end gap-2">
                <div className="flex min-w-0 flex-1 flex-wrap gap-1">
                  {entry.tags.map((t) => (
                    <span
                      key={t}
                      className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
                    >
                      {t}
                    </span>
                  ))}
                </div>
                {app ? (
                  <a href={`/manage/${entry.id}`} className={`${buttonClass.secondary} shrink-0`}>
                    Manage
                  </a>
                ) : (
                  <button
                    type="button"
                    className={`${buttonClass.primary} shrink-0`}
                    onClick={() => setInstalling(entry)}
                    aria-label={`Install ${entry.title}`}
                  >
                    Install
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
