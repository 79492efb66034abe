// What went wrong: the failing step, its last lines, and what to try next.
import type { AppFailure } from '@/lib/shared/app';

function hints(failure: AppFailure): string[] {
  const text = `${failure.message}\n${(failure.lastLines ?? []).join('\n')}`.toLowerCase();
  const tips: string[] = [];
  if (/enospc|no space/.test(text)) tips.push('The disk is full: free some space (Settings shows disk use by app) and run it again.');
  if (/cuda|out of memory|oom/.test(text)) tips.push('The GPU ran out of memory: close other running apps or pick a smaller model.');
  if (/eaddrinuse|address already in use/.test(text)) tips.push('The port is taken: stop the other app using it, then start again.');
  if (/enotfound|network|timed? ?out|econnrefused|could not resolve/.test(text)) tips.push('A download failed: check the network connection and run it again.');
  if (/not found|no such file|command not found/.test(text)) tips.push('Something the script needs is missing: run the install again, or Update the launcher.');
  tips.push('Run the step again from the menu; if it keeps failing, open a terminal in the app folder to look around, or remove and reinstall the app.');
  return tips;
}

export function FailureView({ failure }: { failure: AppFailure }) {
  return (
    <section role="alert" aria-labelledby="failure-heading" data-testid="failure-view" className="rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-900 dark:bg-red-950">
      <h2 id="failure-heading" className="font-semibold text-red-800 dark:text-red-300">
        It failed{typeof failure.step === 'number' ? ` at step ${failure.step + 1}` : ''}
      </h2>
      <p className="mt-1 text-sm">{failure.message}</p>
      {failure.lastLines && failure.lastLines.length > 0 ? (
        <pre className="mt-2 max-h-48 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">{failure.lastLines.join('\n')}</pre>
      ) : null}
      <h3 className="mt-3 text-sm font-semibold">What to try</h3>
      <ul className="ml-5 list-disc text-sm">
        {hints(failure).map((tip) => (
          <li key={tip}>{tip}</li>
        ))}
      </ul>
    </section>
  );
}
