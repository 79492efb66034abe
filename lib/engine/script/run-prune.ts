// Retention of runs: old finished runs leave memory (their records stay on disk), old run logs leave the disk.
import type { RunHistory } from './run-history';
import type { ScriptRunnerOptions } from './runner-options';
import type { RunRecord } from './run-types';

/** Prunes `runs` (in place) and the history by the limits read now, so a changed limit applies at the next run. */
export function pruneRuns(
  runs: Map<string, RunRecord>,
  history: RunHistory,
  options: Pick<ScriptRunnerOptions, 'keepFinished' | 'logLimits'>,
): void {
  const keep = options.keepFinished ?? 200;
  const finished = [...runs.values()].filter((r) => r.finalized);
  for (const run of finished.slice(0, Math.max(0, finished.length - keep)))
    runs.delete(run.info.runId);
  const live = new Set([...runs.values()].filter((r) => !r.finalized).map((r) => r.info.runId));
  const limits = options.logLimits?.() ?? { keepRuns: 50, maxBytes: 500 * 1024 * 1024 };
  try {
    for (const runId of history.prune(limits, live)) runs.delete(runId);
  } catch (error) {
    // Pruning frees disk space; a log that cannot be removed now is tried again after the next run.
    console.error('[runs] could not prune old run logs:', error);
  }
}
