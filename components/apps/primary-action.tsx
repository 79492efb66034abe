'use client';
// The one action that fits an app's state: Install, Start, Open (+ Stop), or a link to the dashboard.
import Link from 'next/link';
import type { AppSummary } from '@/lib/shared/app';
import { useAppAction } from '@/lib/client/queries';
import { buttonClass } from '../ui/button-styles';

export function appUrl(name: string): string {
  return `/apps/${name}/`;
}

export function PrimaryAction({ app }: { app: AppSummary }) {
  const install = useAppAction<{ source: string; name: string }>('apps.install');
  const start = useAppAction<{ name: string }>('apps.start');
  const stop = useAppAction<{ name: string }>('apps.stop');
  const manage = `/manage/${app.name}`;
  const error = install.error ?? start.error ?? stop.error;
  let action;
  switch (app.state) {
    case 'not-installed':
      action = (
        <button type="button" className={buttonClass.primary} disabled={install.isPending} onClick={() => install.mutate({ source: app.source.location, name: app.name })}>
          Install
        </button>
      );
      break;
    case 'installed':
    case 'stopped':
      action = (
        <button type="button" className={buttonClass.primary} disabled={start.isPending} onClick={() => start.mutate({ name: app.name })}>
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
          <button type="button" className={buttonClass.secondary} disabled={stop.isPending} onClick={() => stop.mutate({ name: app.name })}>
            Stop
          </button>
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
      action = (
        <Link href={manage} className={buttonClass.secondary}>
          {app.state === 'installing' ? 'Installing…' : app.state === 'updating' ? 'Updating…' : app.state === 'starting' ? 'Starting…' : 'Stopping…'}
        </Link>
      );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {action}
      {error ? <span role="alert" className="text-xs text-red-600 dark:text-red-400">{error.message}</span> : null}
    </div>
  );
}
