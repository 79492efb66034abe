// Lines of one run's log, fed by pages of its file and live entries (dedup by seq), capped to stay light.
import { LogLineAssembler } from '../shared/log-text';
import type { RunLogText } from '../shared/run';
import type { LogChunk } from './run-log-follow';

export const MAX_LOG_LINES = 200_000;

export class RunLogStore {
  /** Complete lines, oldest first (the partial last line lives in the assembler). */
  readonly lines: string[] = [];
  /** Turns chunks into clean lines: carriage-return redraws collapse and spinner frames vanish. */
  private readonly assembler = new LogLineAssembler();
  lastSeq = 0;
  /** Byte offset in the run's log file up to which the store holds the output. */
  offset = 0;
  /** Lines dropped from the front to respect the cap, or lost in the server ring. */
  dropped = 0;
  truncated = false;
  /** Whether the log file has been read to the end it had (until then, no line may still mean not loaded yet). */
  readToEnd = false;
  /** Bumped once per flushed batch of changes (a snapshot for useSyncExternalStore). */
  version = 0;
  private readonly listeners = new Set<() => void>();
  private scheduled = false;

  constructor(private readonly maxLines = MAX_LOG_LINES) {}

  get lineCount(): number {
    return this.lines.length + (this.assembler.current() ? 1 : 0);
  }

  /** Lines before this index are complete and never change (the one after, if any, is still being written). */
  get completeCount(): number {
    return this.lines.length;
  }

  line(index: number): string {
    return index < this.lines.length ? this.lines[index] : this.assembler.current();
  }

  /** Adds a page of the log file; a page that reaches the file's end brings the store up to its `lastSeq`. */
  addText(page: RunLogText): void {
    if (page.offset > this.offset) {
      // The start of the log was rotated away on the server.
      this.truncated = true;
    } else if (page.offset < this.offset) {
      return;
    }
    this.offset = page.next;
    if (page.text) this.write(page.text);
    if (page.next >= page.size) {
      this.lastSeq = Math.max(this.lastSeq, page.lastSeq);
      this.readToEnd = true;
    }
    this.changed();
  }

  /** Adds entries newer than the last seq seen; returns how many were taken. */
  add(entries: LogChunk[]): number {
    let taken = 0;
    for (const entry of entries) {
      if (entry.seq <= this.lastSeq) continue;
      this.lastSeq = entry.seq;
      this.offset += utf8Length(entry.data);
      this.write(entry.data);
      taken++;
    }
    if (taken > 0) this.changed();
    return taken;
  }

  private write(data: string): void {
    for (const line of this.assembler.push(data)) this.lines.push(line);
    if (this.lines.length > this.maxLines) {
      const excess = this.lines.length - this.maxLines;
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Listeners hear about changes at most once per animation frame. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.version++;
      for (const listener of this.listeners) listener();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else queueMicrotask(flush);
  }
}

/** Bytes of the text in UTF-8, as the server wrote it to the log file (a lone surrogate becomes U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (
      c >= 0xd800 &&
      c < 0xdc00 &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
