'use client';
// Every model by kind: size, sha256, where it came from and the apps using it; delete with an inline confirm.
import { useState } from 'react';
import { useDeleteModel, useLibrary } from '@/lib/client/models-queries';
import { useApps } from '@/lib/client/queries';
import type { AppState } from '@/lib/shared/app-state';
import { formatBytes } from '@/lib/client/text';
import type { LibraryItemInfo } from '@/lib/shared/models';
import { cardClass } from '../ui/button-styles';
import { ConfirmButton } from '../ui/confirm-button';
import { EmptyState } from '../ui/empty-state';

const KIND_TITLES: Record<LibraryItemInfo['kind'], string> = {
  checkpoint: 'Checkpoints',
  lora: 'LoRAs',
  vae: 'VAEs',
  embedding: 'Embeddings',
  gguf: 'GGUF',
  diffusers: 'Diffusers folders',
  'hf-repo': 'Hugging Face repos',
  other: 'Other models',
};

/** Apps whose processes may hold a model open: the engine refuses to delete it under them. */
const IN_USE: ReadonlySet<AppState> = new Set<AppState>(['starting', 'running', 'stopping']);

function ModelRow({ item }: { item: LibraryItemInfo }) {
  const remove = useDeleteModel();
  const [removed, setRemoved] = useState(false);
  const apps = useApps();
  // As the engine decides it: an app using the model that runs holds it; Delete waits and says which one.
  const holder = item.apps.find((name) => {
    const state = apps.data?.find((a) => a.name === name)?.state;
    return state !== undefined && IN_USE.has(state);
  });
  return (
    <li
      data-testid="model-item"
      data-kind={item.kind}
      className="flex flex-col gap-1 border-t border-zinc-200 py-3 first:border-t-0 last:pb-0 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-full min-w-0 font-medium [overflow-wrap:anywhere] sm:w-auto sm:flex-1">
          {item.name}
        </span>
        <span className="flex-1 text-sm tabular-nums text-zinc-600 sm:flex-none dark:text-zinc-300">
          {formatBytes(item.size)}
        </span>
        <ConfirmButton
          label="Delete"
          question={`Delete ${item.name}?`}
          confirmLabel="Delete"
          variant="ghost"
          disabled={remove.isPending || removed || holder !== undefined}
          onConfirm={() => remove.mutate(item.id, { onSuccess: () => setRemoved(true) })}
        />
      </div>
      {holder ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="model-hold">
          In use by {holder}, which is running: stop it to delete this model.
        </p>
      ) : null}
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        {item.sha256 ? (
          <>
            <dt>sha256</dt>
            <dd className="font-mono break-all">{item.sha256}</dd>
          </>
        ) : null}
        {item.urls.length > 0 ? (
          <>
            <dt>source</dt>
            <dd className="break-all">{item.urls.join(' ')}</dd>
          </>
        ) : null}
        {item.origins.length > 0 ? (
          <>
            <dt>imported</dt>
            <dd className="break-all">{item.origins.join(' ')}</dd>
          </>
        ) : null}
        {item.revisions ? (
          <>
            <dt>revisions</dt>
            <dd className="break-all">
              {item.revisions
                .map(
                  (r) =>
                    `${r.commit.slice(0, 10)}${r.refs.length ? ` (${r.refs.join(', ')})` : ''}`,
                )
                .join(' · ')}
            </dd>
          </>
        ) : null}
        <dt>used by</dt>
        <dd data-testid="model-apps">{item.apps.length > 0 ? item.apps.join(', ') : 'no app'}</dd>
      </dl>
      {remove.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {remove.error.message}
        </p>
      ) : null}
    </li>
  );
}

export function ModelList() {
  const { data } = useLibrary();
  if (!data) return null;
  if (data.items.length === 0)
    return (
      <EmptyState
        title="No models yet"
        body="Models your apps download appear here. Import a folder above to bring the ones you have."
      />
    );
  const kinds = Object.keys(KIND_TITLES) as LibraryItemInfo['kind'][];
  return (
    <>
      {kinds.map((kind) => {
        const items = data.items.filter((i) => i.kind === kind);
        if (items.length === 0) return null;
        const total = items.reduce((n, i) => n + i.size, 0);
        return (
          <section
            key={kind}
            aria-labelledby={`kind-${kind}`}
            data-testid={`models-${kind}`}
            className={cardClass}
          >
            <h2 id={`kind-${kind}`} className="flex items-baseline gap-2 font-semibold">
              {KIND_TITLES[kind]}
              <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">
                {items.length} · {formatBytes(total)}
              </span>
            </h2>
            <ul>
              {items.map((item) => (
                <ModelRow key={item.id} item={item} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
