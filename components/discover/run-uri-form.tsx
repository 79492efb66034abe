'use client';
// Run a script by its URI (Pinokio's first step): a path relative to an installed app, an absolute path inside the
// Hangar home, or a git URL with a file path. The run's log shows below, as any run's does.
import Link from 'next/link';
import { useState } from 'react';
import { useApps } from '@/lib/client/queries';
import { titleSaysName } from '@/lib/shared/app-name';
import { rpc } from '@/lib/client/rpc';
import { RunPanel } from '../runs/run-panel';
import { buttonClass, cardClass } from '../ui/button-styles';

const FIELD =
  'min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';

export function RunUriForm() {
  const { data: apps } = useApps();
  const [uri, setUri] = useState('');
  const [app, setApp] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<{ runId: string; app: string | null } | null>(null);
  const submit = () => {
    setPending(true);
    setError(null);
    rpc('scripts.runUri', app ? { uri: uri.trim(), app } : { uri: uri.trim() })
      .then((r) => setStarted({ runId: r.runId, app: r.app }))
      .catch((e: Error) => setError(e.message))
      .finally(() => setPending(false));
  };
  return (
    <section aria-labelledby="run-uri-heading" className={`${cardClass} flex flex-col gap-2`}>
      <form
        className="flex flex-col gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (uri.trim()) submit();
        }}
      >
        <label id="run-uri-heading" htmlFor="run-uri" className="font-semibold">
          Run a script
        </label>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Runs one script file without installing anything first: a path inside an app&apos;s folder
          (pick the app), a path inside Hangar&apos;s home (~/ is the home), or a script in a git
          repository (https://host/owner/repo.git/install.js).
        </p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id="run-uri"
            name="uri"
            value={uri}
            onChange={(e) => {
              setUri(e.target.value);
              setError(null);
            }}
            placeholder="~/scripts/hello.json"
            className={`${FIELD} flex-1`}
            autoComplete="off"
            spellCheck={false}
          />
          <select
            aria-label="Relative to app"
            value={app}
            onChange={(e) => {
              setApp(e.target.value);
              setError(null);
            }}
            className={FIELD}
          >
            <option value="">Not in an app (~/path or git URL)</option>
            {(apps ?? []).map((a) => (
              <option key={a.name} value={a.name}>
                {appLabel(a)}
              </option>
            ))}
          </select>
          <button type="submit" className={buttonClass.primary} disabled={pending || !uri.trim()}>
            {pending ? 'Starting…' : 'Run'}
          </button>
        </div>
        {error ? (
          <p role="alert" className="break-words text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </form>
      {started ? (
        <div className="flex flex-col gap-2" data-testid="run-uri-log">
          {started.app ? (
            <p className="text-sm">
              Runs as{' '}
              <Link className="underline" href={`/manage/${started.app}?run=${started.runId}`}>
                {started.app}
              </Link>
            </p>
          ) : null}
          <RunPanel key={started.runId} runId={started.runId} />
        </div>
      ) : null}
    </section>
  );
}

/** The app's title, with its name where the title does not say it (two installs of one launcher share a title). */
function appLabel(app: { name: string; title: string }): string {
  const title = app.title || app.name;
  return titleSaysName(app.title, app.name) ? title : `${title} (${app.name})`;
}
