'use client';
// One run: status, step progress, stop, its pending input form or dialog, its failure and its live log.
import { useRun } from '@/lib/client/queries';
import { rpc } from '@/lib/client/rpc';
import { scriptName } from '@/lib/client/text';
import { FailureView, runFailure } from '../manage/failure-view';
import { InputForm } from '../manage/input-form';
import { buttonClass } from '../ui/button-styles';
import { HtmlModalDialog } from './html-modal-dialog';
import { LogView } from './log-view';
import { ModalDialog } from './modal-dialog';
import { ShellInput } from './shell-input';

const ACTIVE = new Set(['queued', 'running', 'waiting']);
const FAILED = new Set(['failed', 'crashed']);

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

/** "step 2 of 3: shell.run": steps count from 1 wherever the UI names them. */
export function stepLabel(step: { index: number; total: number; method: string }): string {
  return `step ${step.index + 1} of ${step.total}: ${step.method}`;
}

export function RunPanel({
  runId,
  showFailure = true,
  serving = false,
}: {
  runId: string;
  showFailure?: boolean;
  /** The app's serving run: the dashboard's Stop app ends it, and it is serving, not progressing. */
  serving?: boolean;
}) {
  const { data: run } = useRun(runId);
  const failure = showFailure && run && FAILED.has(run.status) ? runFailure(run) : null;
  const active = run ? ACTIVE.has(run.status) : false;
  // A daemon whose steps have all finished is serving, not progressing: no step, no bar parked part-way.
  const progressing = active && !serving && run?.ready !== true;
  return (
    <section aria-label="Current run" className="flex flex-col gap-2" data-testid="run-panel">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{run ? scriptName(run.script) : runId}</span>
        {run ? (
          <span
            data-testid="run-status"
            data-status={run.status}
            className="rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-800"
          >
            {run.status}
          </span>
        ) : null}
        {run?.step && progressing ? (
          <span className="text-xs text-zinc-500" data-testid="run-step">
            {stepLabel(run.step)}
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
      {run?.step && progressing ? (
        <ProgressBar
          label="Step progress"
          value={
            (run.step.index + (run.status === 'running' ? 0.5 : 1)) / Math.max(1, run.step.total)
          }
        />
      ) : null}
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
      <LogView runId={runId} />
    </section>
  );
}
