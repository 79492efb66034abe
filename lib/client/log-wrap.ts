// Where each line of a wrapped log sits: a line of a monospace log takes ceil(cells / columns) rows, so the virtualised
// view can place lines of different heights without measuring the DOM. Complete lines never change, so their rows are
// counted once; only the partial last line is counted again on each change.
import { stripAnsi } from './ansi';

/** A single enormous line is cut to this many characters when shown (one row never costs more than a few spans). */
export const MAX_SHOWN_CHARS = 4000;

/** The text a log line shows: cut past MAX_SHOWN_CHARS with a note of how much was left out. */
export function shownText(full: string): string {
  return full.length > MAX_SHOWN_CHARS
    ? `${full.slice(0, MAX_SHOWN_CHARS)} … (${full.length - MAX_SHOWN_CHARS} more characters)`
    : full;
}

const TAB = 8;

/** Terminal cells of a code point: 2 for East Asian wide and emoji, 0 for combining marks, else 1. */
function cellsOf(code: number): number {
  if (code >= 0x300 && code <= 0x36f) return 0;
  if (code >= 0x200b && code <= 0x200f) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** Rows a log line takes when wrapped at `cols` columns (at least one). */
export function wrappedRows(line: string, cols: number): number {
  const text = stripAnsi(shownText(line));
  let rows = 1;
  let col = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const width = char === '\t' ? TAB - (col % TAB) : cellsOf(code);
    if (col + width > cols && col > 0) {
      rows++;
      col = 0;
    }
    col += char === '\t' ? Math.min(width, cols) : width;
  }
  return rows;
}

/** The lines a view wraps: how many, the i-th, and how many were dropped from the front so far. */
export interface WrappedLines {
  readonly lineCount: number;
  readonly dropped: number;
  line(index: number): string;
  /** Lines before this index are complete and never change. */
  readonly completeCount: number;
}

/** Row offsets of every line at one width, kept up to date as lines arrive or are dropped from the front. */
export class WrapLayout {
  private cols = 0;
  private dropped = 0;
  /** starts[i]: the first row of complete line i; starts[complete] is the row after them. */
  private starts: number[] = [0];
  private tailRows = 0;
  private count = 0;

  /** Brings the layout up to the lines' current state at this many columns. */
  sync(lines: WrappedLines, cols: number): void {
    if (cols !== this.cols) {
      this.cols = cols;
      this.starts = [0];
    } else if (lines.dropped !== this.dropped) {
      // Lines left the front: their rows leave with them.
      const gone = Math.min(lines.dropped - this.dropped, this.starts.length - 1);
      const shift = this.starts[gone];
      this.starts = this.starts.slice(gone).map((row) => row - shift);
    }
    this.dropped = lines.dropped;
    const complete = Math.min(lines.completeCount, lines.lineCount);
    if (this.starts.length - 1 > complete) this.starts = [0];
    for (let i = this.starts.length - 1; i < complete; i++)
      this.starts.push(this.starts[i] + wrappedRows(lines.line(i), cols));
    this.count = lines.lineCount;
    this.tailRows = 0;
    for (let i = complete; i < lines.lineCount; i++)
      this.tailRows += wrappedRows(lines.line(i), cols);
  }

  /** The first row of line `index`. */
  top(index: number): number {
    const complete = this.starts.length - 1;
    if (index <= complete) return this.starts[index];
    return this.starts[complete] + (this.count > complete ? this.tailRows : 0);
  }

  /** Rows line `index` takes. */
  rows(index: number): number {
    const complete = this.starts.length - 1;
    if (index < complete) return this.starts[index + 1] - this.starts[index];
    return Math.max(1, this.tailRows);
  }

  /** All rows. */
  get total(): number {
    return this.starts[this.starts.length - 1] + this.tailRows;
  }

  /** The line that holds `row` (the last line for rows past the end). */
  lineAt(row: number): number {
    const complete = this.starts.length - 1;
    if (row >= this.starts[complete]) return Math.min(complete, Math.max(0, this.count - 1));
    let lo = 0;
    let hi = complete - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
