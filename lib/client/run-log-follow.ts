// Reads a run's whole log file in pages by byte offset, then joins its live entries by seq: no gap, no duplicate.
import type { RunLogEvent } from '../shared/events';
import type { RunLogEntry, RunLogPage, RunLogSkipped, RunLogText } from '../shared/run';

/** What the follower needs of an entry, stored (`run:subscribe`'s backlog) or live (`run:log`). */
export type LogChunk = Pick<RunLogEntry, 'seq' | 'data'>;

/** Where the output goes (RunLogStore in the browser): it drops entries with seq ≤ lastSeq and tracks the byte offset it holds. */
export interface RunLogSink {
  offset: number;
  lastSeq: number;
  addText(page: RunLogText): void;
  add(entries: LogChunk[]): number;
}

/** How the follower reaches Hangar: the RPC `runs.logText`, and the socket's `run:subscribe` and `run:log`. */
export interface RunLogTransport {
  readText(runId: string, offset: number, maxBytes: number): Promise<RunLogText>;
  /** Joins the run's room and answers with the entries after sinceSeq that the server still holds. */
  subscribe(runId: string, sinceSeq: number): Promise<RunLogPage | { error: string }>;
  unsubscribe(runId: string): void;
  onLog(listener: (entry: RunLogEvent) => void): () => void;
  /** The server stopped sending live entries because this subscriber fell behind (`run:log-skipped`). */
  onSkipped(listener: (event: RunLogSkipped) => void): () => void;
  /** Calls back on every (re)connection, and once now when already connected. */
  onConnect(listener: () => void): () => void;
}

export const PAGE_BYTES = 2 * 1024 * 1024;

export function followRunLogWith(
  transport: RunLogTransport,
  runId: string,
  store: RunLogSink,
  onError: (message: string) => void,
): () => void {
  let closed = false;
  let joined = false;
  let rounds = 0;
  /** The sync under way (0: none); an older one that wakes up stops. */
  let syncing = 0;
  let pending: LogChunk[] = [];

  // Pages the file from what the store holds to the end it had when read; the store then holds every entry ≤ lastSeq.
  // A newer sync (after a skip or a reconnection) takes over: this one stops at its next page.
  const readFile = async (round: number) => {
    for (;;) {
      const page = await transport.readText(runId, store.offset, PAGE_BYTES);
      if (closed || round !== syncing) return;
      store.addText(page);
      if (page.next >= page.size) return;
    }
  };

  const sync = async () => {
    const round = ++rounds;
    syncing = round;
    joined = false;
    pending = [];
    try {
      await readFile(round);
      if (closed || round !== syncing) return;
      // Live entries can arrive before our code sees the answer (in the same read as it, or even ahead of it when
      // the subscription commits pending output): from here they wait in `pending`, and the seq drops duplicates.
      joined = true;
      const reply = await transport.subscribe(runId, store.lastSeq);
      if (closed || round !== syncing) return;
      if ('error' in reply) {
        joined = false;
        return onError(reply.error);
      }
      // Live entries reach us from the moment we joined; when the server no longer holds some between our
      // last page and that moment, the file has them.
      const held =
        reply.entries.length > 0 ? reply.entries[reply.entries.length - 1]!.seq : store.lastSeq;
      if (reply.truncated || held < reply.lastSeq) await readFile(round);
      else store.add(reply.entries);
      if (closed || round !== syncing) return;
      store.add(pending);
      pending = [];
      syncing = 0;
    } catch (error) {
      if (!closed) onError(error instanceof Error ? error.message : String(error));
    }
  };

  const offLog = transport.onLog((entry) => {
    if (entry.runId !== runId || !joined) return;
    if (syncing) pending.push(entry);
    else store.add([entry]);
  });
  // A skip while not joined is from a membership that a sync under way replaces: its subscribe joins again.
  const offSkipped = transport.onSkipped((event) => {
    if (event.runId === runId && joined) void sync();
  });
  const offConnect = transport.onConnect(() => void sync());
  return () => {
    closed = true;
    offLog();
    offSkipped();
    offConnect();
    transport.unsubscribe(runId);
  };
}
