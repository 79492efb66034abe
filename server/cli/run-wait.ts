// Waiting for a run a command started: its log while it runs (not with --json), and why it failed.
import type { RunStatus } from '../../lib/shared/events';
import type { CliContext } from './command';
import { EXIT } from './errors';
import { followRun } from './follow';

/** Follows a run to its end; exit 0 only when it ended in one of `okStatuses`. */
export async function waitForRun(
  context: CliContext,
  runId: string,
  okStatuses: readonly RunStatus[] = ['finished', 'running'],
): Promise<{ status: RunStatus; code: number }> {
  const status = await followRun({
    url: context.url,
    token: context.token,
    runId,
    untilEnd: true,
    currentStatus: () => context.rpc.call('runs.get', { runId }).then((run) => run.status),
    onStatus: (status) => {
      if (status === 'waiting')
        context.err(
          `\nhangar: run ${runId} waits for an answer to its input form; answer it in the browser at ${context.url}\n`,
        );
    },
    write: (text) => {
      if (!context.json) context.out(text);
    },
    progress: (text) => {
      if (!context.json && context.isTty) context.err(`\x1b[2K\r${text}\n`);
    },
  });
  const code = okStatuses.includes(status) ? EXIT.ok : EXIT.failed;
  if (code !== EXIT.ok) await explainFailure(context, runId, status);
  return { status, code };
}

/** Prints (to stderr) how a run ended and, when Hangar recognised the error, what to do next. */
async function explainFailure(context: CliContext, runId: string, status: RunStatus) {
  const run = await context.rpc.call('runs.get', { runId });
  context.err(`\nhangar: run ${runId} ${status}${run.error ? `: ${run.error.message}` : ''}\n`);
  if (run.error?.diagnosis)
    context.err(
      `What happened: ${run.error.diagnosis.explanation}\nNext step: ${run.error.diagnosis.nextStep}\n`,
    );
}
