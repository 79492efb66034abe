'use client';
// The Library grid: installed apps from apps.list, patched live by app:status events.
import { useApps } from '@/lib/client/queries';
import { EmptyState } from '../ui/empty-state';
import { AppCard } from './app-card';

export function Library() {
  const { data, error, isLoading } = useApps();
  if (isLoading) return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading apps…</p>;
  if (error)
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        Could not list apps: {error.message}
      </p>
    );
  if (!data || data.length === 0) {
    return (
      <EmptyState
        title="No apps installed yet"
        body="Find a tool in Discover, or paste the git URL of a Pinokio launcher there, and Hangar installs it into its own folder."
        action={{ href: '/discover', label: 'Go to Discover' }}
      />
    );
  }
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {data.map((app) => (
        <AppCard key={app.name} app={app} />
      ))}
    </div>
  );
}
