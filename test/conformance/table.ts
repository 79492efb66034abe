// The conformance table: one row per launcher with the verdict of each phase and the first failure.

/** `n/a`: the launcher has no such phase (no start script, so nothing to stop). */
export type Verdict = 'pass' | 'fail' | 'skip' | 'n/a';

export interface LauncherResult {
  launcher: string;
  install: Verdict;
  start: Verdict;
  menus: Verdict;
  stop: Verdict;
  /** Hangar's Update: the launcher's files again, then its update script to its end. */
  update: Verdict;
  /** A model download from the menu, where it offers one. */
  download: Verdict;
  /** The menu's reset, then the menu rendered in the not-installed state. */
  reset: Verdict;
  /** The first failing step and why, or ''. */
  failure: string;
  /** Why a phase is n/a. */
  note: string;
  seconds: number;
}

export function formatTable(rows: LauncherResult[]): string {
  const head =
    '| launcher | install | start | menus | stop | update | download | reset | s | failing step and reason | note |';
  const rule = '|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.launcher} | ${r.install} | ${r.start} | ${r.menus} | ${r.stop} | ${r.update} | ${r.download} | ${r.reset} | ${r.seconds.toFixed(1)} | ${cell(r.failure)} | ${cell(r.note)} |`,
  );
  return [head, rule, ...lines].join('\n');
}

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 300);
}
