'use client';
// A run's live log: virtualised (only visible lines are in the DOM), ANSI colours, follows the tail unless scrolled up;
// long lines wrap at the view's width unless the user turns wrapping off to scroll them sideways.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { WrapLayout } from '@/lib/client/log-wrap';
import { stripAnsi } from '@/lib/client/ansi';
import { startDownload } from '@/lib/client/download';
import { useRunLog } from '@/lib/client/use-run-log';
import { buttonClass } from '../ui/button-styles';
import { LogLine } from './log-line';
import { useLogColumns } from './use-log-columns';

const LINE_HEIGHT = 18;
/** The fewest rows a log box shows, so a starting run's box does not jump at its first lines. */
const MIN_ROWS = 6;
/** The box's vertical padding (py-1) and border, on top of its rows. */
const BOX_EXTRA = 10;
const OVERSCAN = 20;

export function LogView({
  runId,
  height = 360,
  ended = false,
  waitingForUser = false,
}: {
  runId: string;
  height?: number;
  /** The run has ended: an empty log, once read, is all it wrote. */
  ended?: boolean;
  /** The run waits for the user's answer (a form or dialog beside the log), not for output. */
  waitingForUser?: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const store = useRunLog(runId, setError);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [follow, setFollow] = useState(true);
  const [wrap, setWrap] = useState(true);
  const cols = useLogColumns(scroller);
  const [layout] = useState(() => new WrapLayout());
  const count = store?.lineCount ?? 0;
  const wrapped = wrap && cols > 0 && store !== null;
  if (wrapped) layout.sync(store, cols);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && follow) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [count, follow, store?.version, wrapped, cols]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < LINE_HEIGHT * 2);
  }, []);

  // Another run's error does not carry over (adjusted while rendering, as React advises for state tied to a prop).
  const [errorRun, setErrorRun] = useState(runId);
  if (errorRun !== runId) {
    setErrorRun(runId);
    setError(null);
  }

  // Wrapped, a line's place is counted in rows of LINE_HEIGHT; unwrapped, every line is one row.
  const lineAt = (row: number) => (wrapped ? layout.lineAt(row) : row);
  const totalRows = wrapped ? layout.total : count;
  // A short log gets a box its size (at least MIN_ROWS rows), growing with it up to `height`.
  const boxHeight = Math.min(height, Math.max(MIN_ROWS, totalRows) * LINE_HEIGHT + BOX_EXTRA);
  const first = Math.max(0, lineAt(Math.floor(scrollTop / LINE_HEIGHT)) - OVERSCAN);
  const last = Math.min(count, lineAt(Math.ceil((scrollTop + boxHeight) / LINE_HEIGHT)) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++)
    rows.push(
      <LogLine
        key={i}
        text={store!.line(i)}
        top={(wrapped ? layout.top(i) : i) * LINE_HEIGHT}
        height={(wrapped ? layout.rows(i) : 1) * LINE_HEIGHT}
        lineHeight={LINE_HEIGHT}
        wrap={wrapped}
      />,
    );

  const copyAll = () => {
    if (!store) return;
    const text = Array.from({ length: store.lineCount }, (_, i) => stripAnsi(store.line(i))).join(
      '\n',
    );
    const blob = new Blob([text], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    startDownload(url, `${runId}.log`);
    URL.revokeObjectURL(url);
  };

  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span data-testid="log-count">
          {count.toLocaleString('en-US')} {count === 1 ? 'line' : 'lines'}
        </span>
        {store?.truncated || (store?.dropped ?? 0) > 0 ? (
          <span>(older lines were dropped)</span>
        ) : null}
        {error ? (
          <span role="alert" className="text-red-600 dark:text-red-400">
            {error}
          </span>
        ) : null}
        <span className="flex-1" />
        {!follow ? (
          <button type="button" className={buttonClass.ghost} onClick={() => setFollow(true)}>
            Follow the end
          </button>
        ) : null}
        <button
          type="button"
          className={`${buttonClass.ghost} aria-pressed:bg-zinc-200 dark:aria-pressed:bg-zinc-800`}
          aria-pressed={wrap}
          onClick={() => setWrap(!wrap)}
        >
          Wrap lines
        </button>
        <button type="button" className={buttonClass.ghost} onClick={copyAll}>
          Download log
        </button>
      </div>
      <div
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        aria-label="Run log"
        aria-live="off"
        data-testid="log-view"
        className="relative overflow-auto rounded-md border border-zinc-300 bg-zinc-950 py-1 font-mono text-xs text-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-700"
        style={{ height: boxHeight }}
      >
        <div
          style={{
            height: Math.max(totalRows * LINE_HEIGHT, 1),
            position: 'relative',
            minWidth: '100%',
          }}
        >
          {rows}
        </div>
        {count === 0 ? (
          <p className="absolute left-3 top-2 text-zinc-500 dark:text-zinc-400">
            {ended && store?.readToEnd
              ? 'This run wrote no output.'
              : waitingForUser
                ? 'No output yet: the run waits for your answer.'
                : 'Waiting for output…'}
          </p>
        ) : null}
      </div>
    </div>
  );
}
