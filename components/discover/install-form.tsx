'use client';
// Install any Pinokio launcher by git URL or local path; goes straight to its dashboard to watch the install.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAppAction } from '@/lib/client/queries';
import { buttonClass, cardClass } from '../ui/button-styles';

export function useInstall() {
  const router = useRouter();
  const install = useAppAction('apps.install');
  const run = (source: string, name?: string) =>
    install.mutate(name ? { source, name } : { source }, {
      onSuccess: (result) =>
        router.push(`/manage/${result.name}${result.runId ? `?run=${result.runId}` : ''}`),
    });
  return { run, pending: install.isPending, error: install.error };
}

export function InstallForm() {
  const [source, setSource] = useState('');
  const install = useInstall();
  return (
    <form
      className={`${cardClass} flex flex-col gap-2`}
      onSubmit={(event) => {
        event.preventDefault();
        if (source.trim()) install.run(source.trim());
      }}
    >
      <label htmlFor="install-source" className="font-semibold">
        Install from a git URL or path
      </label>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Any Pinokio launcher: a git repository URL, a local repository, or a folder on this machine.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="install-source"
          name="source"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          placeholder="https://github.com/someone/some-launcher.git"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          autoComplete="off"
          spellCheck={false}
        />
        <button
          type="submit"
          className={buttonClass.primary}
          disabled={install.pending || !source.trim()}
        >
          {install.pending ? 'Installing…' : 'Install'}
        </button>
      </div>
      {install.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {install.error.message}
        </p>
      ) : null}
    </form>
  );
}
