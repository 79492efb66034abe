'use client';
// Folder import jobs: progress while hashing, then every file with its hash and how it was linked.
import { useImportJobs } from '@/lib/client/models-queries';
import { formatBytes } from '@/lib/client/text';
import { ProgressBar } from '../runs/run-panel';

const HOW = { hardlink: 'linked', external: 'kept in place', known: 'already in the drive' };

export function ImportJobs() {
  const { data: jobs } = useImportJobs();
  if (!jobs || jobs.length === 0) return null;
  return (
    <ul className="flex flex-col gap-3" aria-label="Imports">
      {jobs.map((job) => {
        const running = job.state === 'scanning' || job.state === 'hashing';
        return (
          <li key={job.id} data-testid="import-job" data-state={job.state} className="text-sm">
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="min-w-0 flex-1 font-mono text-xs break-all">{job.folder}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                {job.state === 'done'
                  ? `${job.imported.length} files, ${formatBytes(job.totalBytes)}, ${formatBytes(job.copiedBytes)} copied`
                  : job.state === 'failed'
                    ? `failed: ${job.error ?? ''}`
                    : `${job.state} ${job.imported.length}/${job.files} files`}
                {job.resumedAt ? ' (resumed after a restart)' : ''}
              </span>
            </div>
            {running ? (
              <ProgressBar
                label={`Import of ${job.folder}`}
                value={job.totalBytes > 0 ? job.hashedBytes / job.totalBytes : null}
              />
            ) : null}
            {job.imported.length > 0 ? (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">
                  Files and their hashes
                </summary>
                <ul className="mt-1 flex max-h-64 flex-col gap-1 overflow-auto">
                  {job.imported.map((f) => (
                    <li key={f.path} className="flex flex-col text-xs sm:flex-row sm:gap-2">
                      <span className="min-w-0 flex-1 truncate" title={f.path}>
                        {f.path.split(/[\\/]/).pop()}
                      </span>
                      <code className="break-all text-zinc-500 dark:text-zinc-400">{f.sha256}</code>
                      <span className="text-zinc-500 dark:text-zinc-400">{HOW[f.how]}</span>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
