'use client';
// What an install is doing now: "Step N of M — title", its bar, and the run's downloads with bytes, speed and ETA.
import { useDownloads } from '@/lib/client/live-stores';
import { formatBytes, formatDuration } from '@/lib/client/text';
import type { RunInfo } from '@/lib/client/types';
import type { DownloadProgressEvent } from '@/lib/shared/events';

const DOWNLOADING = new Set(['queued', 'downloading', 'paused', 'verifying']);

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === null ? undefined : Math.round(value * 100)}
      className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={`h-full bg-sky-500 transition-[width] ${value === null ? 'w-1/3 animate-pulse' : ''}`}
        style={value === null ? undefined : { width: `${Math.min(100, value * 100)}%` }}
      />
    </div>
  );
}

type Step = NonNullable<RunInfo['step']>;

/** "Step 2 of 3 — shell.run: pip install -r requirements.txt": steps count from 1 wherever the UI names them. */
export function stepLabel(step: Step): string {
  return `Step ${step.index + 1} of ${step.total} — ${step.title ?? step.method}`;
}

export function RunProgress({ run }: { run: RunInfo & { step: Step } }) {
  const downloads = useDownloads().filter((d) => d.runId === run.runId);
  const step = run.step;
  return (
    <div className="flex flex-col gap-1.5" data-testid="run-progress">
      <p className="min-w-0 truncate text-sm" data-testid="run-step" title={step.title}>
        {stepLabel(step)}
      </p>
      <ProgressBar
        label="Step progress"
        value={(step.index + stepDone(run.status, downloads)) / Math.max(1, step.total)}
      />
      {downloads.length > 0 ? (
        <ul aria-label="Downloads of this run" className="flex flex-col gap-1.5 pl-3">
          {downloads.map((d) => (
            <RunDownload key={d.id} download={d} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** How far the running step is: its downloads' bytes when it downloads, else halfway while it runs. */
function stepDone(status: string, downloads: DownloadProgressEvent[]): number {
  // Waiting for the user's answer, the step is under way, not done.
  if (status === 'waiting') return 0.5;
  if (status !== 'running') return 1;
  const sized = downloads.filter((d) => DOWNLOADING.has(d.state) && d.total);
  const total = sized.reduce((sum, d) => sum + (d.total ?? 0), 0);
  return total > 0 ? Math.min(1, sized.reduce((sum, d) => sum + d.bytes, 0) / total) : 0.5;
}

function RunDownload({ download: d }: { download: DownloadProgressEvent }) {
  const name = d.dest.split(/[\\/]/).pop() || d.url;
  const running = DOWNLOADING.has(d.state);
  const facts = [
    `${formatBytes(d.bytes)}${d.total ? ` of ${formatBytes(d.total)}` : ''}`,
    running && d.rate > 0 ? `${formatBytes(d.rate)}/s` : '',
    running && d.etaSec !== null ? `${formatDuration(d.etaSec)} left` : '',
    running ? '' : d.state,
  ].filter(Boolean);
  return (
    <li className="flex flex-col gap-0.5 text-xs" data-testid="run-download" data-state={d.state}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="min-w-0 max-w-full truncate font-medium" title={d.url}>
          {name}
        </span>
        <span
          className="tabular-nums text-zinc-500 dark:text-zinc-400"
          data-testid="run-download-facts"
        >
          {facts.join(' · ')}
        </span>
      </div>
      <ProgressBar
        label={`Download of ${name}`}
        value={d.total ? d.bytes / d.total : d.state === 'done' ? 1 : running ? null : 0}
      />
    </li>
  );
}
