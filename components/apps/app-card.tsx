// A Library card: icon, title, description, state badge (and cluster job) and the primary action.
import Link from 'next/link';
import type { AppSummary } from '@/lib/shared/app';
import { cardClass } from '../ui/button-styles';
import { AppIcon } from './app-icon';
import { AppNameTag } from './app-name-tag';
import { JobStatus } from './job-status';
import { PrimaryAction } from './primary-action';
import { StateBadge } from './state-badge';
import { UpdateNotice } from './update-notice';

export function AppCard({ app }: { app: AppSummary }) {
  return (
    <article
      data-testid={`app-card-${app.name}`}
      aria-labelledby={`app-${app.name}-title`}
      className={`${cardClass} flex flex-col gap-3`}
    >
      <div className="flex items-start gap-3">
        <AppIcon title={app.title} icon={app.icon} app={app.name} />
        <div className="min-w-0 flex-1">
          <h2 id={`app-${app.name}-title`} className="truncate font-semibold">
            <Link
              href={`/manage/${app.name}`}
              className="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
            >
              {app.title || app.name}
            </Link>
          </h2>
          <AppNameTag name={app.name} title={app.title} />
          <p className="line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{app.description}</p>
        </div>
        <StateBadge state={app.state} activity={app.activity} />
      </div>
      <JobStatus app={app} />
      <UpdateNotice name={app.name} state={app.state} activity={app.activity} />
      <div className="mt-auto flex items-center justify-between gap-2">
        <PrimaryAction app={app} />
        <Link
          href={`/manage/${app.name}`}
          className="text-sm text-sky-700 hover:underline dark:text-sky-400"
        >
          Manage
        </Link>
      </div>
    </article>
  );
}
