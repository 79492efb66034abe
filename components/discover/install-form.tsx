'use client';
// Install any Pinokio launcher by git URL or local path, under a name the user can change; goes straight to its
// dashboard to watch the install.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAppAction, useApps } from '@/lib/client/queries';
import { buttonClass, cardClass } from '../ui/button-styles';
import { InstallError, nameTakenMessage, takenMessage } from './install-error';
import { InstallNameField, nameUsable } from './install-name-field';
import { useNameSuggestion } from './use-name-suggestion';

export function useInstall() {
  const router = useRouter();
  const install = useAppAction('apps.install');
  const run = (source: string, name?: string, force?: boolean) =>
    install.mutate(
      { source, ...(name ? { name } : {}), ...(force ? { force } : {}) },
      {
        onSuccess: (result) =>
          router.push(`/manage/${result.name}${result.runId ? `?run=${result.runId}` : ''}`),
      },
    );
  return { run, pending: install.isPending, error: install.error, reset: install.reset };
}

export function InstallForm() {
  const [source, setSource] = useState('');
  // null while the name follows the source's suggestion; the user's own text once they type.
  const [typed, setTyped] = useState<string | null>(null);
  const install = useInstall();
  const suggestion = useNameSuggestion(source);
  const name = typed ?? suggestion.name;
  const apps = useApps();
  // A name an installed app has is refused before sending; a failed install's name is left to the engine, which
  // retries it for the same source.
  const holder = apps.data?.find((app) => app.name === name && app.state !== 'install-failed');
  const taken = holder ? takenMessage(name) : nameTakenMessage(install.error);
  const ready = source.trim() !== '' && nameUsable(name) && !taken && !install.pending;
  return (
    <form
      className={`${cardClass} flex flex-col gap-3`}
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) install.run(source.trim(), name);
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="install-source" className="font-semibold">
          Install from a git URL or path
        </label>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Any Pinokio launcher: a git repository URL, a local repository, or a folder on this
          machine.
        </p>
        <input
          id="install-source"
          name="source"
          value={source}
          onChange={(e) => {
            setSource(e.target.value);
            if (install.error) install.reset();
          }}
          placeholder="https://github.com/someone/some-launcher.git"
          className="min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <InstallNameField
            value={name}
            taken={taken}
            existing={holder?.name ?? null}
            numberedFrom={typed === null ? suggestion.taken : null}
            onChange={(next) => {
              setTyped(next);
              if (install.error) install.reset();
            }}
          />
        </div>
        <button type="submit" className={`${buttonClass.primary} sm:mt-6`} disabled={!ready}>
          {install.pending ? 'Installing…' : 'Install'}
        </button>
      </div>
      {install.error && !taken ? <InstallError error={install.error} /> : null}
    </form>
  );
}
