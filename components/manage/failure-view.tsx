'use client';
// What went wrong: the failing step, its last lines, the diagnosis (what it means, what to do) and other things to try.
import type { AppFailure } from '@/lib/shared/app';
import type { RunDiagnosis } from '@/lib/shared/events';
import { useRun } from '@/lib/client/queries';
import type { RunInfo } from '@/lib/client/types';
import {
  failureHints,
  FETCH_LAST_RESORT,
  INSTALL_LAST_RESORT,
  LAST_RESORT,
  START_LAST_RESORT,
} from './failure-hints';

export interface FailureFacts {
  message: string;
  step?: number;
  lastLines?: string[];
  diagnosis?: RunDiagnosis;
}

/** The facts of a failed run, from runs.get. */
export function runFailure(run: RunInfo): FailureFacts | null {
  if (!run.error) return null;
  const { message, step, lastLines, diagnosis } = run.error;
  return { message, step, lastLines, diagnosis };
}

/** The message as a sentence: the engine's start with a lower-case letter. */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function FailureView({
  failure,
  heading = 'It failed',
  lastResort = LAST_RESORT,
}: {
  failure: FailureFacts;
  /** What failed, when it was no run (an install refused before it began). */
  heading?: string;
  lastResort?: string;
}) {
  const lastLines = failure.lastLines ?? [];
  const tips = failure.diagnosis ? [] : failureHints(failure.message, lastLines);
  // The heading names the step (from 1); the engine's "step N (method) failed:" would name it again, from 0.
  const message = sentence(
    typeof failure.step === 'number'
      ? failure.message.replace(/step \d+ \([^)]*\) failed: /, '')
      : failure.message,
  );
  // Evidence the last lines below already show is not quoted twice, nor one that is the folded message itself.
  const quoted = failure.diagnosis?.evidence?.trim();
  const evidence =
    quoted &&
    !lastLines.some((line) => line.includes(quoted)) &&
    !(failure.message.includes(quoted) && quoted.length >= failure.message.trim().length * 0.8)
      ? quoted
      : null;
  return (
    <section
      role="alert"
      aria-labelledby="failure-heading"
      data-testid="failure-view"
      className="flex flex-col gap-2 rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-900 dark:bg-red-950"
    >
      <h2
        id="failure-heading"
        className="font-semibold text-red-800 dark:text-red-300"
        data-testid="failure-step"
      >
        {/* The engine counts steps from 0; the UI names them from 1, as the run panel's "step N of M" does. */}
        {heading}
        {typeof failure.step === 'number' ? ` at step ${failure.step + 1}` : ''}
      </h2>
      {/* A diagnosed failure leads with its plain words; the engine's own message stays one click away. */}
      {failure.diagnosis ? null : <p className="text-sm [overflow-wrap:anywhere]">{message}</p>}
      {failure.diagnosis ? (
        <div
          className="flex flex-col gap-1 rounded-md border border-red-200 bg-white p-3 text-sm dark:border-red-900 dark:bg-zinc-900"
          data-testid="diagnosis"
          data-diagnosis={failure.diagnosis.id}
        >
          <p data-testid="diagnosis-explanation">
            <span className="font-semibold">What happened: </span>
            {failure.diagnosis.explanation}
          </p>
          <p data-testid="diagnosis-next-step">
            <span className="font-semibold">What to do: </span>
            {failure.diagnosis.nextStep}
          </p>
          {evidence ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Seen in the output:{' '}
              <code className="font-mono [overflow-wrap:anywhere]">{evidence}</code>
            </p>
          ) : null}
          <details className="text-xs text-zinc-600 dark:text-zinc-400">
            <summary className="cursor-pointer">Full error message</summary>
            <p className="mt-1 [overflow-wrap:anywhere]" data-testid="failure-message">
              {message}
            </p>
          </details>
        </div>
      ) : null}
      {lastLines.length > 0 ? (
        <>
          <h3 className="text-sm font-semibold">Last lines</h3>
          {/* Reversed, the box opens scrolled to its end, where the error is, and stays there as it reflows. Its
              height is 12 whole lines and the bottom padding, so no line shows cut in half at its top edge. */}
          <div
            data-testid="failure-last-lines"
            className="flex max-h-[12.5rem] flex-col-reverse overflow-auto rounded bg-zinc-950 p-2"
          >
            <pre className="whitespace-pre-wrap text-xs leading-4 text-zinc-100 [overflow-wrap:anywhere]">
              {lastLines.join('\n')}
            </pre>
          </div>
        </>
      ) : null}
      <h3 className="text-sm font-semibold">
        {failure.diagnosis ? 'If that does not help' : 'What to try'}
      </h3>
      <ul className="ml-5 list-disc text-sm">
        {[...tips, lastResort].map((tip) => (
          <li key={tip}>{tip}</li>
        ))}
      </ul>
    </section>
  );
}

/** The app's failure, completed with its run's step, last lines and diagnosis once runs.get answers. */
export function AppFailureView({
  failure,
  install,
  noFiles = false,
  logShown = false,
}: {
  failure: AppFailure;
  /** Its install failed: the way on is Install again (its menu is empty until it installs), not the menu. */
  install: boolean;
  /** Its files never arrived: there is no folder to look around in, and the source may be what is wrong. */
  noFiles?: boolean;
  /** The failed run's whole log is on the page: its last lines are not shown a second time. */
  logShown?: boolean;
}) {
  const { data: run } = useRun(failure.runId ?? null);
  const fromRun = run ? runFailure(run) : null;
  return (
    <FailureView
      failure={{
        message: failure.message,
        step: failure.step ?? fromRun?.step,
        lastLines: logShown
          ? []
          : failure.lastLines && failure.lastLines.length > 0
            ? failure.lastLines
            : fromRun?.lastLines,
        diagnosis: fromRun?.diagnosis,
      }}
      lastResort={noFiles ? FETCH_LAST_RESORT : install ? INSTALL_LAST_RESORT : START_LAST_RESORT}
    />
  );
}
