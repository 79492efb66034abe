'use client';
// One download in the panel: name, bytes of total, rate, ETA, state, and one button per action its state
// allows (Pause or Resume, Cancel, Retry).
import { useState } from 'react';
import { rpc, RpcError } from '@/lib/client/rpc';
import { formatBytes, formatDuration } from '@/lib/client/text';
import { downloadName } from '@/lib/shared/downloads';
import { downloadAdvice } from '@/lib/shared/download-advice';
import type { DownloadProgressEvent } from '@/lib/shared/events';
import { ProgressBar } from '../runs/run-panel';

type Action = 'pause' | 'resume' | 'cancel' | 'retry';

const RUNNING = new Set(['queued', 'downloading', 'verifying']);

const STATE_LABEL: Record<DownloadProgressEvent['state'], string> = {
  queued: 'Queued',
  downloading: 'Downloading',
  paused: 'Paused',
  verifying: 'Verifying',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const STATE_TONE: Record<DownloadProgressEvent['state'], string> = {
  queued: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  downloading: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  paused: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  verifying: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  done: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  cancelled: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400',
};

/** The panel's small bordered buttons (Pause, Retry, Clear ended…). */
export const smallButtonClass =
  'rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:text-zinc-400 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:disabled:text-zinc-500';

/** The actions a download in this state allows, in the order they are shown. */
export function actionsFor(state: DownloadProgressEvent['state']): Action[] {
  if (state === 'queued' || state === 'downloading') return ['pause', 'cancel'];
  if (state === 'paused') return ['resume', 'cancel'];
  if (state === 'verifying') return ['cancel'];
  if (state === 'failed' || state === 'cancelled') return ['retry'];
  return [];
}

const LABEL: Record<Action, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
};

export function DownloadItem({ download: d }: { download: DownloadProgressEvent }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const name = downloadName(d);
  const running = RUNNING.has(d.state);
  const act = async (action: Action): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      await rpc(`downloads.${action}`, { id: d.id });
    } catch (error) {
      setProblem(error instanceof RpcError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  // A download that ended before its first byte has no size worth showing, nor a bar.
  const nothing = d.bytes === 0 && (d.state === 'failed' || d.state === 'cancelled');
  const advice = d.error && d.state === 'failed' ? downloadAdvice(d.error, d.httpStatus) : null;
  // Beside Retry where no facts fill that line, else under it.
  const adviceLine = advice ? (
    <span className="text-zinc-700 dark:text-zinc-300" data-testid="download-advice">
      {advice}
    </span>
  ) : null;
  const facts = [
    nothing ? '' : `${formatBytes(d.bytes)}${d.total ? ` of ${formatBytes(d.total)}` : ''}`,
    running && d.rate > 0 ? `${formatBytes(d.rate)}/s` : '',
    running && d.etaSec !== null ? `${formatDuration(d.etaSec)} left` : '',
  ].filter(Boolean);
  return (
    <li className="flex flex-col gap-1.5 py-2" data-testid="download-item" data-state={d.state}>
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium" title={d.url}>
          {name}
        </span>
        <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs ${STATE_TONE[d.state]}`}>
          {STATE_LABEL[d.state]}
        </span>
      </div>
      {nothing ? null : (
        <ProgressBar
          label={`Download of ${name}`}
          value={d.total ? d.bytes / d.total : d.state === 'done' ? 1 : running ? null : 0}
        />
      )}
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="min-w-0 flex-1 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {/* The line may wrap between facts, never inside one. */}
          {facts.map((fact, i) => (
            <span key={fact}>
              {i > 0 ? ' · ' : ''}
              <span className="whitespace-nowrap">{fact}</span>
            </span>
          ))}
          {facts.length === 0 ? adviceLine : null}
        </span>
        <span className="flex shrink-0 gap-1">
          {actionsFor(d.state).map((action) => (
            <button
              key={action}
              type="button"
              disabled={busy}
              className={smallButtonClass}
              aria-label={`${LABEL[action]} download of ${name}`}
              onClick={() => void act(action)}
            >
              {LABEL[action]}
            </button>
          ))}
        </span>
      </div>
      {adviceLine && facts.length > 0 ? <p className="text-xs">{adviceLine}</p> : null}
      {d.error && d.state !== 'cancelled' ? (
        <p className="text-xs break-words text-red-700 dark:text-red-400">{d.error}</p>
      ) : null}
      {problem ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
    </li>
  );
}
