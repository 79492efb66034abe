// Ending the runner's live runs when Hangar stops, keeping ready app daemons for the next Hangar to adopt when asked.
import type { RunRecord } from './run-types';

/** Stops every live run; with `keepDaemons`, ready app daemons are left running (their logs closed). */
export async function disposeRuns(
  runs: RunRecord[],
  options: { keepDaemons?: boolean },
  stop: (runId: string) => Promise<void>,
): Promise<void> {
  const left = (r: RunRecord) =>
    options.keepDaemons === true && r.info.daemon && r.info.ready && r.info.app !== null;
  await Promise.all(runs.filter((r) => !r.finalized && !left(r)).map((r) => stop(r.info.runId)));
  await Promise.all(runs.filter((r) => !r.finalized && left(r)).map((r) => r.log.close()));
}
