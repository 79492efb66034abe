// git's clone progress (its stderr with --progress) as run-log lines: the first line of each stage, then at most one a
// second while it moves, and its end; git's updates in place (carriage returns) never pile up in the log.
const PROGRESS = /^((?:remote: )?[A-Za-z][A-Za-z ]*):\s+(\d+)% \((\d+)\/(\d+)\)/;

/** A consumer of git's stderr chunks that writes throttled progress lines through `log`. */
export function cloneProgress(
  log: (line: string) => void,
  intervalMs = 1000,
  now: () => number = Date.now,
): (chunk: string) => void {
  const shown = new Map<string, { percent: number; at: number }>();
  let pending = '';
  const segment = (text: string) => {
    const match = PROGRESS.exec(text.trim());
    if (!match) return;
    const [, stage, percentText, processed, total] = match;
    const percent = Number(percentText);
    const last = shown.get(stage);
    const t = now();
    if (last && (percent === last.percent || (percent < 100 && t - last.at < intervalMs))) return;
    shown.set(stage, { percent, at: t });
    log(`${stage}: ${percent}% (${processed}/${total})\n`);
  };
  return (chunk) => {
    const parts = (pending + chunk).split(/[\r\n]/);
    pending = parts.pop() ?? '';
    for (const part of parts) segment(part);
  };
}
