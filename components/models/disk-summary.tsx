'use client';
// Free and used disk of the drive's filesystem, what the drive stores and what sharing saved.
import { useLibrary } from '@/lib/client/models-queries';
import { formatBytes } from '@/lib/client/text';
import { cardClass } from '../ui/button-styles';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export function DiskSummary() {
  const { data, error } = useLibrary();
  if (error)
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        Could not read the model library: {error.message}
      </p>
    );
  if (!data) return null;
  const { disk } = data;
  const used = disk.totalBytes > 0 ? disk.usedBytes / disk.totalBytes : 0;
  return (
    <section aria-label="Disk" className={`${cardClass} flex flex-col gap-3`}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Figure label="Free disk" value={formatBytes(disk.freeBytes)} testId="disk-free" />
        <Figure label="Used disk" value={formatBytes(disk.usedBytes)} testId="disk-used" />
        <Figure label="Models stored" value={formatBytes(data.storedBytes)} testId="stored" />
        <Figure label="Saved by sharing" value={formatBytes(data.savedBytes)} testId="saved" />
      </dl>
      <div
        role="meter"
        aria-label="Disk used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(used * 100)}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-sky-500" style={{ width: `${Math.min(100, used * 100)}%` }} />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {formatBytes(disk.usedBytes)} of {formatBytes(disk.totalBytes)} used on the drive&apos;s
        disk.
      </p>
    </section>
  );
}
