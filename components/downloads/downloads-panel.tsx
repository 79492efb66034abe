'use client';
// Active and finished downloads from download:progress: progress, rate and ETA.
import { clearFinishedDownloads, useDownloads } from '@/lib/client/live-stores';
import { formatBytes, formatDuration } from '@/lib/client/text';
import { rpc } from '@/lib/client/rpc';
import { ProgressBar } from '../runs/run-panel';
import { buttonClass } from '../ui/button-styles';

const ACTIVE = new Set(['queued', 'downloading', 'verifying']);

export function DownloadsPanel() {
  const downloads = useDownloads();
  if (downloads.length === 0) return null;
  const active = downloads.filter((d) => ACTIVE.has(d.state)).length;
  return (
    <details
      open={active > 0}
      data-testid="downloads-panel"
      className="fixed bottom-4 left-4 z-40 w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
    >
      <summary className="cursor-pointer font-semibold">
        Downloads {active > 0 ? `(${active} active)` : ''}
      </summary>
      <ul className="mt-2 flex max-h-72 flex-col gap-2 overflow-auto">
        {downloads.map((d) => (
          <li key={d.id} className="flex flex-col gap-1">
            <div className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate" title={d.url}>
                {d.dest.split(/[\\/]/).pop() || d.url}
              </span>
              <span className="text-xs text-zinc-500">{d.state}</span>
              {ACTIVE.has(d.state) ? (
                <button
                  type="button"
                  className={buttonClass.ghost}
                  aria-label={`Cancel download ${d.id}`}
                  onClick={() => void rpc('downloads.cancel', { id: d.id })}
                >
                  Cancel
                </button>
              ) : null}
            </div>
            <ProgressBar
              label={`Download ${d.id}`}
              value={d.total ? d.bytes / d.total : d.state === 'done' ? 1 : null}
            />
            <span className="text-xs text-zinc-500">
              {formatBytes(d.bytes)}
              {d.total ? ` of ${formatBytes(d.total)}` : ''}
              {ACTIVE.has(d.state) && d.rate > 0 ? ` · ${formatBytes(d.rate)}/s` : ''}
              {ACTIVE.has(d.state) && d.etaSec !== null
                ? ` · ${formatDuration(d.etaSec)} left`
                : ''}
              {d.error ? ` · ${d.error}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {active < downloads.length ? (
        <button
          type="button"
          className={`${buttonClass.ghost} mt-2`}
          onClick={clearFinishedDownloads}
        >
          Clear finished
        </button>
      ) : null}
    </details>
  );
}
