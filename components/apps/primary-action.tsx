'use client';
// The one action that fits an app's state: Install, Start, Install again, Open (+ Stop), or what it is busy with
// (+ Stop while it installs or starts).
import Link from 'next/link';
import { useEffect, useEffectEvent } from 'react';
import type { AppSummary } from '@/lib/shared/app';
import type { AppState } from '@/lib/shared/app-state';
import { useAppAction } from '@/lib/client/queries';
import { buttonClass } from '../ui/button-styles';
import { activityName } from '@/lib/client/maintenance-hold';

const BUSY_LABELS: Partial<Record<AppState, string>> = {
  installing: 'Installing…',
  updating: 'Updating…',
  starting: 'Starting…',
  stopping: 'Stopping…',
  removing: 'Removing…',
};

export function appUrl(name: string): string {
  return `/apps/${name}/`;
}

export function PrimaryAction({ app }: { app: AppSummary }) {
  const install = useAppAction('apps.install');
  const start = useAppAction('apps.start');
  const stop = useAppAction('apps.stop');
  const manage = `/manage/${app.name}`;
  const error = install.error ?? start.error ?? stop.error;
  // An action's error (e.g. "wait until it finishes") belongs to the state it was refused in: the next state clears it.
  const clearErrors = useEffectEvent(() => {
    for (const action of [install, start, stop]) if (action.isError) action.reset();
  });
  useEffect(() => clearErrors(), [app.state]);
  const stopButton = (
    <button
      type="button"
      className={buttonClass.secondary}
      disabled={stop.isPending}
      onClick={() => stop.mutate({ name: app.name })}
    >
      Stop
    </button>
  );
  let action;
  // The engine reports an activity only while the app is idle (installed, stopped, failed, install-failed).
  if (app.activity) {
    // A script runs in the app's folder (reset.js, a question): its log, where it is answered, comes first.
    const waiting = app.activity.status === 'waiting';
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Link
          href={`${manage}?run=${encodeURIComponent(app.activity.runId)}`}
          className={waiting ? buttonClass.primary : buttonClass.secondary}
        >
          {waiting ? 'Answer' : `See ${activityName(app.activity)}`}
        </Link>
        {stopButton}
      </div>
    );
  }
  switch (app.state) {
    case 'not-installed':
      action = (
        <button
          type="button"
          className={buttonClass.primary}
          disabled={install.isPending}
          onClick={() => install.mutate({ source: app.source.location, name: app.name })}
        >
          Install
        </button>
      );
      break;
    case 'installed':
    case 'stopped':
      action = (
        <button
          type="button"
          className={buttonClass.primary}
          disabled={start.isPending}
          onClick={() => start.mutate({ name: app.name })}
        >
          {start.isPending ? 'Starting…' : 'Start'}
        </button>
      );
      break;
    case 'running':
      action = (
        <>
          <a href={appUrl(app.name)} target="_blank" rel="noopener" className={buttonClass.primary}>
            Open
          </a>
          {stopButton}
        </>
      );
      break;
    case 'install-failed':
      // Its install failed or was cancelled: there is nothing to start until it installs.
      action = (
        <>
          <button
            type="button"
            className={buttonClass.primary}
            disabled={install.isPending}
            onClick={() =>
              install.mutate({
                source: app.source.catalogId ?? app.source.location,
                name: app.name,
              })
            }
          >
            Install again
          </button>
          <Link href={manage} className={buttonClass.secondary}>
            See what failed
          </Link>
        </>
      );
      break;
    case 'failed':
      action = (
        <Link href={manage} className={buttonClass.danger}>
          See what failed
        </Link>
      );
      break;
    default:
      // Busy: what it is doing, in words (Manage beside it leads to the log); an install or a start, which may wait
      // long (a queued cluster job), can be stopped from here.
      action = (
        <>
          <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="busy-label">
            {/* A start whose cluster job waits in the queue is not starting yet: it is queued. */}
            {app.state === 'starting' && app.job?.state === 'PENDING'
              ? 'Queued…'
              : (BUSY_LABELS[app.state] ?? app.state)}
          </span>
          {app.state === 'installing' || app.state === 'starting' ? stopButton : null}
        </>
      );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {action}
      {error ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error.message}
        </span>
      ) : null}
    </div>
  );
}
