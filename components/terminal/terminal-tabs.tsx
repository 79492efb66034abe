'use client';
// Tabs of the open terminal sessions; the selected one is kept in the URL (?id=) so a reload finds it again.
import { useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { queryKeys, useTerminals } from '@/lib/client/queries';
import { closeTerminal, openTerminal } from '@/lib/client/terminal-client';
import { buttonClass } from '../ui/button-styles';
import { EmptyState } from '../ui/empty-state';
import { TerminalView } from './terminal-view';

export function TerminalTabs() {
  const router = useRouter();
  const search = useSearchParams();
  const client = useQueryClient();
  const { data, error, isLoading } = useTerminals();
  const [actionError, setActionError] = useState<string | null>(null);
  const sessions = data ?? [];
  const wanted = search.get('id');
  const current = sessions.find((t) => t.id === wanted) ?? sessions[sessions.length - 1] ?? null;
  const select = (id: string) => router.replace(`/terminals?id=${id}`);
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.terminals });

  const create = () =>
    openTerminal({ cols: 100, rows: 30 })
      .then(async ({ id }) => {
        await refresh();
        select(id);
      })
      .catch((e: Error) => setActionError(e.message));
  const close = (id: string) =>
    closeTerminal(id)
      .then(refresh)
      .catch((e: Error) => setActionError(e.message));

  return (
    <div className="flex flex-col gap-3">
      <div
        role="tablist"
        aria-label="Terminal sessions"
        className="flex flex-wrap items-center gap-1"
      >
        {sessions.map((t, i) => (
          <span
            key={t.id}
            className={`inline-flex items-center rounded-md ${t.id === current?.id ? 'bg-zinc-200 dark:bg-zinc-800' : ''}`}
          >
            <button
              type="button"
              role="tab"
              aria-selected={t.id === current?.id}
              onClick={() => select(t.id)}
              className="px-3 py-1.5 text-sm"
            >
              {i + 1}. {t.title}
            </button>
            <button
              type="button"
              aria-label={`Close terminal ${i + 1}`}
              onClick={() => void close(t.id)}
              className="px-2 text-zinc-500 dark:text-zinc-400 hover:text-red-600 dark:hover:text-red-400"
            >
              ×
            </button>
          </span>
        ))}
        <button type="button" className={buttonClass.primary} onClick={() => void create()}>
          New terminal
        </button>
      </div>
      {actionError || error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {actionError ?? error?.message}
        </p>
      ) : null}
      {isLoading ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading terminals…</p>
      ) : null}
      {!isLoading && !current ? (
        <EmptyState
          title="No terminal open"
          body="Open a new one here, or one from an app's dashboard to work in its folder with its environment."
        />
      ) : null}
      {current ? <TerminalView key={current.id} id={current.id} /> : null}
    </div>
  );
}
