'use client';
// An install refused before it began (bad URL, unreachable host, not a launcher): the same "what happened / what to
// do" block a failed run shows, when the engine diagnosed it; its message otherwise.
import type { RunDiagnosis } from '@/lib/shared/events';
import { RpcError } from '@/lib/client/rpc';
import { FailureView } from '../manage/failure-view';

function diagnosisOf(error: Error): RunDiagnosis | undefined {
  if (!(error instanceof RpcError) || typeof error.details !== 'object' || !error.details)
    return undefined;
  return (error.details as { diagnosis?: RunDiagnosis }).diagnosis;
}

export function InstallError({ error }: { error: Error }) {
  const diagnosis = diagnosisOf(error);
  if (diagnosis)
    return (
      <FailureView
        heading="The install could not begin"
        // The evidence is the message itself, shown just above.
        failure={{ message: error.message, diagnosis: { ...diagnosis, evidence: undefined } }}
        lastResort="Nothing was installed: fix the URL or path and press Install again. If it keeps failing, download a diagnostics bundle from Settings."
      />
    );
  return (
    <p role="alert" className="break-words text-sm text-red-600 dark:text-red-400">
      {error.message}
    </p>
  );
}

/** What the name field says when an app already has the name. */
export function takenMessage(name: string): string {
  return `An app named ${name} already exists: choose another name.`;
}

/** The engine's "an app with this name exists" refusal as the name field says it; null for any other error. */
export function nameTakenMessage(error: Error | null): string | null {
  if (!(error instanceof RpcError) || error.code !== 'app_exists') return null;
  const name = (error.details as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? takenMessage(name) : error.message;
}
