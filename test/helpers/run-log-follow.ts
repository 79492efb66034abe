// Test helper: the browser's log follower over a Socket.IO client, into a sink that checks the text as it arrives
// instead of keeping it (the log-flood drill and the log-fanout bench).
import type { Socket } from 'socket.io-client';
import type { RunLogSink, RunLogTransport } from '../../lib/client/run-log-follow';
import { RUN_LOG_SKIPPED_EVENT, type RunLogEntry, type RunLogText } from '../../lib/shared/run';

/** The follower's transport over a connected socket; the file pages come from `readText`. */
export function socketTransport(
  socket: Socket,
  readText: RunLogTransport['readText'],
): RunLogTransport {
  return {
    readText,
    subscribe: (id, sinceSeq) =>
      socket.timeout(10_000).emitWithAck('run:subscribe', { runId: id, sinceSeq }),
    unsubscribe: (id) => void socket.emit('run:unsubscribe', { runId: id }),
    onLog: (listener) => (
      socket.on('run:log', listener),
      () => void socket.off('run:log', listener)
    ),
    onSkipped: (listener) => (
      socket.on(RUN_LOG_SKIPPED_EVENT, listener),
      () => void socket.off(RUN_LOG_SKIPPED_EVENT, listener)
    ),
    onConnect: (listener) => (listener(), () => undefined),
  };
}

/** A sink's bookkeeping as the browser's store keeps it (byte offset held, last seq); subclasses check the text. */
export abstract class CheckingSinkBase implements RunLogSink {
  offset = 0;
  lastSeq = 0;
  error: string | null = null;
  /** Characters of live entries taken (not of file pages). */
  liveChars = 0;

  addText(page: RunLogText): void {
    if (page.offset !== this.offset) this.error ??= `page at ${page.offset}, held ${this.offset}`;
    this.offset = page.next;
    this.feed(page.text);
    if (page.next >= page.size) this.lastSeq = Math.max(this.lastSeq, page.lastSeq);
  }

  add(entries: RunLogEntry[]): number {
    let taken = 0;
    for (const entry of entries) {
      if (entry.seq <= this.lastSeq) continue;
      this.lastSeq = entry.seq;
      this.offset += Buffer.byteLength(entry.data);
      this.liveChars += entry.data.length;
      this.feed(entry.data);
      taken++;
    }
    return taken;
  }

  /** Checks the next piece of the log text, in order. */
  protected abstract feed(data: string): void;
}
