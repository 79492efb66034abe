'use client';
// Import a models folder or an existing Pinokio home in place: the path, what a Pinokio home holds, and job progress.
import { useState } from 'react';
import { usePinokioHome, useStartImport } from '@/lib/client/models-queries';
import { buttonClass, cardClass } from '../ui/button-styles';
import { ImportJobs } from './import-jobs';

const inputClass =
  'min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';

export function ImportPanel() {
  const [folder, setFolder] = useState('');
  const start = useStartImport();
  const pinokio = usePinokioHome();
  const home = pinokio.data;
  const path = folder.trim();
  return (
    <section
      aria-labelledby="models-import"
      data-testid="models-import"
      className={`${cardClass} flex flex-col gap-3`}
    >
      <div>
        <h2 id="models-import" className="font-semibold">
          Bring your models
        </h2>
        <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
          An A1111 or ComfyUI <code>models</code> folder, a Hugging Face <code>hub</code> cache, or
          a Pinokio home. Files stay where they are: Hangar hashes them and links them in, copying
          nothing.
        </p>
      </div>
      <form
        className="flex flex-col gap-2 sm:flex-row sm:items-center"
        onSubmit={(event) => {
          event.preventDefault();
          if (path) start.mutate({ path, pinokio: false });
        }}
      >
        <label htmlFor="import-folder" className="sr-only">
          Folder to import (absolute path)
        </label>
        <input
          id="import-folder"
          value={folder}
          spellCheck={false}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="/path/to/stable-diffusion-webui/models"
          className={`${inputClass} flex-1 font-mono`}
        />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass.primary} disabled={!path || start.isPending}>
            Import folder
          </button>
          <button
            type="button"
            className={buttonClass.secondary}
            disabled={!path || pinokio.isPending}
            onClick={() => pinokio.mutate(path)}
          >
            Open Pinokio home
          </button>
        </div>
      </form>
      {start.error || pinokio.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {(start.error ?? pinokio.error)?.message}
        </p>
      ) : null}
      {home ? (
        <div
          data-testid="pinokio-home"
          className="flex flex-col gap-2 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-950"
        >
          <p className="font-medium break-all">Pinokio home {home.root} (read only)</p>
          <p>
            {home.apps.length} apps:{' '}
            {home.apps.map((a) => a.title ?? a.folder).join(', ') || 'none'}
          </p>
          <p>
            {home.drives.length} shared drive folders
            {home.drives.length > 0 ? `: ${home.drives.map((d) => d.route).join(', ')}` : ''}
          </p>
          <div>
            <button
              type="button"
              className={buttonClass.primary}
              disabled={start.isPending}
              onClick={() => start.mutate({ path: home.root, pinokio: true })}
            >
              Import its models
            </button>
          </div>
        </div>
      ) : null}
      <ImportJobs />
    </section>
  );
}
