'use client';
// Settings panel with system.info: version, platform, home and uptime (GPUs have their own panel).
import { useSystemInfo } from '@/lib/client/queries';
import { formatDuration } from '@/lib/client/text';

export function SystemPanel() {
  const { data, error, isLoading } = useSystemInfo();
  if (isLoading)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading system info…</p>;
  if (error || !data)
    return (
      <p className="text-sm text-red-600 dark:text-red-400">
        Could not read system info: {error?.message}
      </p>
    );
  const rows: Array<[string, string]> = [
    ['Version', data.version],
    ['Node.js', data.node],
    ['Platform', `${data.platform} / ${data.arch}`],
    ['Home', data.home],
    ['Uptime', formatDuration(data.uptimeSec)],
  ];
  return (
    <section
      aria-labelledby="system-heading"
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="system-heading" className="mb-3 font-semibold">
        System
      </h2>
      <dl
        className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]"
        data-testid="system-panel"
      >
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
