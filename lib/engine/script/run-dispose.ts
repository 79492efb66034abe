// Ending the runner's live runs when Hangar stops, keeping app daemons (ready, or placed on a cluster) for the next Hangar to adopt when asked.
import { outlivesHangar } from './adopted-run';
import type { RunRecord } from './run-types';

/** Stops every live run; with `keepDaemons`, app daemons ready or placed on a cluster are left running (their logs closed). */
export async function disposeRuns(
  runs: RunRecord[],
  options: { keepDaemons?: boolean },
  stop: (runId: string) => Promise<void>,
): Promise<void> {
  const left = (r: RunRecord) => options.keepDaemons === true && outlivesHangar(r);
  await Promise.all(runs.filter((r) => !r.finalized && !left(r)).map((r) => stop(r.info.runId)));
  await Promise.all(runs.filter((r) => !r.finalized && left(r)).map((r) => r.log.close()));
}
