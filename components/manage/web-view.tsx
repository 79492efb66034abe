'use client';
// "Open Web UI" in a new tab, and the app's page embedded in an iframe on demand.
import { useState } from 'react';
import { buttonClass } from '../ui/button-styles';

export function WebView({ name }: { name: string }) {
  const [embedded, setEmbedded] = useState(false);
  const url = `/apps/${name}/`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <a href={url} target="_blank" rel="noopener" className={buttonClass.primary}>
          Open Web UI
        </a>
        <button
          type="button"
          aria-pressed={embedded}
          className={buttonClass.secondary}
          onClick={() => setEmbedded((e) => !e)}
        >
          {embedded ? 'Hide embedded view' : 'Embedded view'}
        </button>
      </div>
      {embedded ? (
        <iframe
          title={`${name} web UI`}
          src={url}
          className="h-[70vh] w-full rounded-md border border-zinc-300 bg-white dark:border-zinc-700"
        />
      ) : null}
    </div>
  );
}
