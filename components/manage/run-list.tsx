'use client';
// The app's recent runs, newest first: what ran (in the menu's words, with its file), status (coloured as the state
// badges are) and start time; the one whose log is shown is marked.
import type { AppDetail } from '@/lib/shared/app';
import { runStatusText } from '@/lib/client/run-status';
import { RunName } from '../runs/run-name';
import { cardClass } from '../ui/button-styles';

/** When a run started: the time of day, with the date when it was not today. */
function startedLabel(startedAt: number, now = new Date()): string {
  const at = new Date(startedAt);
  // Seconds too: runs of one minute (a few quick scripts) are told apart.
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return at.toDateString() === now.toDateString()
    ? time
    : `${at.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}

export function RunList({
  runs,
  menu,
  shown,
  onShow,
}: {
  runs: AppDetail['runs'];
  menu: AppDetail['menu'];
  shown: string | null;
  onShow: (runId: string) => void;
}) {
  if (runs.length === 0) return null;
  return (
    <section aria-labelledby="runs-heading" className={`${cardClass} flex flex-col gap-1`}>
      <h2 id="runs-heading" className="font-semibold">
        Runs
      </h2>
      <ul className="flex flex-col gap-0.5 text-sm">
        {[...runs]
          .sort((a, b) => b.startedAt - a.startedAt)
          .slice(0, 10)
          .map((r) => (
            <li key={r.runId}>
              <button
                type="button"
                aria-current={r.runId === shown ? 'true' : undefined}
                onClick={() => onShow(r.runId)}
                className={`flex w-full items-baseline gap-2 rounded border-l-2 px-2 py-0.5 text-left ${
                  r.runId === shown
                    ? 'border-sky-600 bg-sky-50 font-medium dark:border-sky-400 dark:bg-sky-950'
                    : 'border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800/60'
                }`}
              >
                <RunName script={r.script} menu={menu} />
                <span className={`text-xs ${runStatusText(r.status)}`}>{r.status}</span>
                <span className="ml-auto shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                  {startedLabel(r.startedAt)}
                </span>
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
}
