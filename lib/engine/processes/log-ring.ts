// Bounded in-memory log of one run: numbered chunks, replayable from any sequence number.
import { cleanLogLines } from '../../shared/log-text';

export interface LogChunk {
  seq: number;
  /** Milliseconds since the epoch when the chunk was committed. */
  time: number;
  data: string;
  stream: 'stdout' | 'info' | 'error';
}

export interface LogRingOptions {
  /** Maximum characters kept (default 1 MiB); the oldest chunks go first. */
  maxChars?: number;
}

export class LogRing {
  private chunks: LogChunk[] = [];
  private head = 0;
  private chars = 0;
  private nextSeq = 1;
  private readonly maxChars: number;

  constructor(options: LogRingOptions = {}) {
    this.maxChars = options.maxChars ?? 1024 * 1024;
  }

  /** Sequence number the next chunk will get. */
  get seq(): number {
    return this.nextSeq;
  }

  push(data: string, stream: LogChunk['stream'] = 'stdout'): LogChunk {
    const chunk: LogChunk = { seq: this.nextSeq++, time: Date.now(), data, stream };
    this.chunks.push(chunk);
    this.chars += data.length;
    while (this.chars > this.maxChars && this.chunks.length - this.head > 1) {
      this.chars -= this.chunks[this.head]!.data.length;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  /** Chunks with seq > `after` (all kept chunks when 0); `truncated` says older ones were dropped. */
  since(after = 0): { chunks: LogChunk[]; truncated: boolean } {
    const kept = this.chunks.slice(this.head);
    const first = kept[0]?.seq ?? this.nextSeq;
    return { chunks: kept.filter((c) => c.seq > after), truncated: after + 1 < first };
  }

  /** The last `count` lines of output, ANSI escapes removed. */
  lastLines(count = 20): string[] {
    // Progress bars redraw one line many times: read further back until the clean lines are enough.
    let lines: string[] = [];
    let i = this.chunks.length - 1;
    let text = '';
    for (let budget = count * 400; ; budget *= 4) {
      for (; i >= this.head && text.length < budget; i -= 1) text = this.chunks[i]!.data + text;
      lines = cleanLogLines(text).map(stripAnsi);
      if (lines.length > count || i < this.head || budget >= MAX_TAIL_CHARS) break;
    }
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    return lines.slice(-count);
  }
}

/** The most output read back for the last lines of a run. */
const MAX_TAIL_CHARS = 1 << 20;

// oxlint-disable-next-line no-control-regex -- matching terminal escape sequences (ESC, BEL) is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes terminal escape sequences (CSI, OSC, two-byte escapes). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
