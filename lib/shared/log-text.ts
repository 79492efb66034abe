// Terminal output as readable lines: carriage returns and cursor-to-column-1 redraw the line, backspaces
// erase, spinner frames vanish, colours (SGR escapes) stay and every other escape is dropped.
/* oxlint-disable no-control-regex -- terminal escape sequences (ESC, BEL, BS) are what this module reads */

/** Braille spinner frames (npm, ora, uv) and the space that follows one. */
const BRAILLE = /[\u2800-\u28ff] ?/g;
// An escape sequence; a chunk may end inside one, so an unfinished one waits for the next chunk.
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/y;
const UNFINISHED_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?)?$/;
const SGR = /^\x1b\[[0-9;:]*m$/;
/** Cursor to column 1 (`ESC[G`, `ESC[1G`): npm's spinner redraws with it instead of a carriage return. */
const COLUMN_ONE = /^\x1b\[1?G$/;
const SPINNER_ONLY = /^\s*[|/\\-]?\s*$/;

/** Splits terminal output into lines across chunks: `push` returns the lines a chunk completed. */
export class LogLineAssembler {
  private line = '';
  /** The line was redrawn (carriage return, backspace or spinner frame): a blank result means nothing. */
  private redrawn = false;
  /** A carriage return ended the last chunk: a newline next makes it CRLF, anything else redraws. */
  private pendingReturn = false;
  private pendingEscape = '';

  push(chunk: string): string[] {
    const done: string[] = [];
    let text = this.pendingEscape + chunk;
    this.pendingEscape = '';
    const unfinished = UNFINISHED_ESCAPE.exec(text);
    if (unfinished) {
      this.pendingEscape = unfinished[0];
      text = text.slice(0, unfinished.index);
    }
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '\x1b') {
        ESCAPE.lastIndex = i;
        const m = ESCAPE.exec(text);
        const seq = m ? m[0] : c;
        i += seq.length;
        if (SGR.test(seq)) this.append(seq);
        else if (COLUMN_ONE.test(seq)) this.pendingReturn = true;
        continue;
      }
      i++;
      if (c === '\n') {
        this.pendingReturn = false;
        const line = this.finish();
        if (line !== null) done.push(line);
      } else if (c === '\r') {
        this.pendingReturn = true;
      } else if (c === '\b') {
        this.line = eraseLast(this.line);
        this.redrawn = true;
      } else if (c >= ' ' || c === '\t') {
        this.append(c);
      }
    }
    return done;
  }

  /** The line being written now (what a terminal would show on its last row), cleaned. */
  current(): string {
    return clean(this.line);
  }

  private append(text: string): void {
    if (this.pendingReturn) {
      this.pendingReturn = false;
      this.line = keepColour(this.line);
      this.redrawn = true;
    }
    this.line += text;
  }

  /** The finished line, or null when only spinner frames and redraws made it. */
  private finish(): string | null {
    const line = clean(this.line);
    const blank = SPINNER_ONLY.test(stripEscapes(line));
    const drop = blank && (this.redrawn || line !== this.line);
    this.line = '';
    this.redrawn = false;
    return drop ? null : line;
  }
}

/** A whole text (a log file, a failure's last lines) as clean lines, the unfinished last one included. */
export function cleanLogLines(text: string): string[] {
  const assembler = new LogLineAssembler();
  const lines = assembler.push(text);
  const last = assembler.current();
  if (stripEscapes(last).trim()) lines.push(last);
  return lines;
}

/** A whole text as clean text, one line per line. */
export function cleanLogText(text: string): string {
  const lines = cleanLogLines(text);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function clean(line: string): string {
  return line.replace(BRAILLE, '');
}

function stripEscapes(text: string): string {
  return text.replace(/\x1b\[[0-9;:]*m/g, '');
}

/** A redrawn line starts empty but keeps the colour that was set on it. */
function keepColour(line: string): string {
  const codes = line.match(/\x1b\[[0-9;:]*m/g);
  return codes ? codes[codes.length - 1] : '';
}

/** Erases the last visible character, leaving colour escapes in place. */
function eraseLast(line: string): string {
  let end = line.length;
  while (end > 0) {
    const m = /\x1b\[[0-9;:]*m$/.exec(line.slice(0, end));
    if (!m) break;
    end = m.index;
  }
  if (end === 0) return line;
  const cut = end - 1;
  const isLowSurrogate = (line.charCodeAt(cut) & 0xfc00) === 0xdc00;
  const start = isLowSurrogate && cut > 0 ? cut - 1 : cut;
  return line.slice(0, start) + line.slice(end);
}
