'use client';
// One run: status, step and download progress, stop, its pending input form or dialog, its failure and its live log.
import { useRun } from '@/lib/client/queries';
import { rpc } from '@/lib/client/rpc';
import { runStatusText } from '@/lib/client/run-status';
import { scriptName } from '@/lib/client/text';
import type { MenuItem } from '@/lib/shared/menu';
import { RunName } from './run-name';
import { FailureView, runFailure } from '../manage/failure-view';
import { InputForm } from '../manage/input-form';
import { buttonClass } from '../ui/button-styles';
import { HtmlModalDialog } from './html-modal-dialog';
import { LogView } from './log-view';
import { ModalDialog } from './modal-dialog';
import { RunProgress } from './run-progress';
import { ShellInput } from './shell-input';
import { isLiveRun } from '@/lib/shared/events';

const FAILED = new Set(['failed', 'crashed']);

export { ProgressBar } from './run-progress';

export function RunPanel({
  runId,
  label,
  menu,
  showFailure = true,
  serving = false,
}: {
  runId: string;
  /** The run's name as the list beside it shows it (its script, or "fetch" while an install fetches its files). */
  label?: string;
  /** The app's launcher menu: the run is named in its words, as the run list names it. */
  menu?: MenuItem[];
  showFailure?: boolean;
  /** The app's serving run: the dashboard's Stop app ends it, and it is serving, not progressing. */
  serving?: boolean;
}) {
  const { data: run } = useRun(runId);
  const failure = showFailure && run && FAILED.has(run.status) ? runFailure(run) : null;
  const active = run ? isLiveRun(run.status) : false;
  // A daemon whose steps have all finished is serving, not progressing: no step, no bar parked part-way.
  const progressing = active && !serving && run?.ready !== true;
  return (
    <section aria-label="Current run" className="flex flex-col gap-2" data-testid="run-panel">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">
          {menu ? (
            <RunName script={label ?? run?.script ?? runId} menu={menu} />
          ) : (
            scriptName(label ?? run?.script ?? runId)
          )}
        </span>
        {run ? (
          <span
            data-testid="run-status"
            data-status={run.status}
            className={`rounded bg-zinc-100 px-1.5 text-xs dark:bg-zinc-800 ${runStatusText(run.status)}`}
          >
            {run.status}
          </span>
        ) : null}
        <span className="flex-1" />
        {active && !serving ? (
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() => void rpc('runs.stop', { runId })}
          >
            Stop run
          </button>
        ) : null}
      </div>
      {run?.step && progressing ? <RunProgress run={{ ...run, step: run.step }} /> : null}
      {run?.status === 'waiting' &&
      run.pendingInput &&
      (run.pendingInput.kind ?? 'input') === 'input' ? (
        <InputForm key={run.pendingInput.requestId} request={run.pendingInput} />
      ) : null}
      {run?.status === 'waiting' && run.pendingInput?.kind === 'modal' ? (
        <ModalDialog key={run.pendingInput.requestId} request={run.pendingInput} />
      ) : null}
      {active && run?.htmlmodal ? (
        <HtmlModalDialog
          runId={runId}
          modal={run.htmlmodal}
          awaiting={
            run.pendingInput?.kind === 'htmlmodal' && run.pendingInput.modalId === run.htmlmodal.id
              ? run.pendingInput
              : null
          }
        />
      ) : null}
      {active && run?.shellInput ? <ShellInput runId={runId} /> : null}
      {failure ? <FailureView failure={failure} /> : null}
      <LogView
        runId={runId}
        ended={run !== undefined && !active}
        waitingForUser={run?.status === 'waiting'}
      />
    </section>
  );
}
