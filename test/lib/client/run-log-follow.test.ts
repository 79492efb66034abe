// The follower's joins: a live entry delivered together with the subscription's answer (as one socket read brings
// both), or a skip while following, loses nothing and doubles nothing.
import { describe, expect, it } from 'vitest';
import { followRunLogWith, type RunLogTransport } from '../../../lib/client/run-log-follow';
import { RunLogStore } from '../../../lib/client/run-log-store';
import type { RunLogEntry, RunLogPage, RunLogSkipped, RunLogText } from '../../../lib/shared/run';
import { waitFor } from '../../helpers/processes';

/** A run's log as the server holds it: the file's text and the numbered entries it was written in. */
class Log {
  entries: RunLogEntry[] = [];
  add(data: string): RunLogEntry {
    const entry: RunLogEntry = { seq: this.entries.length + 1, time: 0, data, stream: 'stdout' };
    this.entries.push(entry);
    return entry;
  }
  text(offset: number): RunLogText {
    const all = this.entries.map((e) => e.data).join('');
    const size = Buffer.byteLength(all);
    return {
      text: all.slice(offset),
      offset,
      next: size,
      size,
      start: 0,
      lastSeq: this.entries.length,
    };
  }
  page(sinceSeq: number): RunLogPage {
    return {
      entries: this.entries.filter((e) => e.seq > sinceSeq),
      lastSeq: this.entries.length,
      truncated: false,
    };
  }
}

/** A transport over `log` whose socket delivers `live` right behind each answer, before the follower's code resumes. */
function transport(log: Log, live: () => RunLogEntry | null) {
  const logListeners = new Set<(entry: RunLogEntry & { runId: string }) => void>();
  const skipListeners = new Set<(event: RunLogSkipped) => void>();
  const t: RunLogTransport = {
    readText: async (_id, offset) => log.text(offset),
    subscribe: (_id, sinceSeq) => {
      const reply = log.page(sinceSeq);
      return new Promise((resolve) => {
        setTimeout(() => {
          resolve(reply);
          // Same read: the next frame is dispatched before the promise's continuation runs.
          const entry = live();
          if (entry) for (const l of logListeners) l({ ...entry, runId: 'r' });
        }, 1);
      });
    },
    unsubscribe: () => undefined,
    onLog: (l) => (logListeners.add(l), () => void logListeners.delete(l)),
    onSkipped: (l) => (skipListeners.add(l), () => void skipListeners.delete(l)),
    onConnect: (l) => (l(), () => undefined),
  };
  return {
    t,
    emit: (entry: RunLogEntry) => logListeners.forEach((l) => l({ ...entry, runId: 'r' })),
    skip: (seq: number) => skipListeners.forEach((l) => l({ runId: 'r', seq })),
  };
}

const text = (store: RunLogStore) =>
  Array.from({ length: store.lineCount }, (_, i) => store.line(i)).join('\n');

describe('followRunLogWith', () => {
  it('keeps a live entry that arrives in the same read as the answer', async () => {
    const log = new Log();
    log.add('one\n');
    let sent = false;
    const { t } = transport(log, () => (sent ? null : ((sent = true), log.add('two\n'))));
    const store = new RunLogStore();
    const errors: string[] = [];
    const stop = followRunLogWith(t, 'r', store, (m) => errors.push(m));
    await waitFor(() => store.lastSeq === 2, 'the entry sent with the answer', 2000);
    stop();
    expect(errors).toEqual([]);
    expect(text(store)).toBe('one\ntwo');
    expect(store.lastSeq).toBe(2);
  });

  it('after a skip, reads what it missed from the file and follows again', async () => {
    const log = new Log();
    log.add('a\n');
    const { t, emit, skip } = transport(log, () => null);
    const store = new RunLogStore();
    const stop = followRunLogWith(t, 'r', store, () => undefined);
    await waitFor(() => store.lastSeq === 1, 'the follower to join', 2000);
    emit(log.add('b\n'));
    // The server stops sending: c and d are only in the file.
    log.add('c\n');
    log.add('d\n');
    skip(2);
    await waitFor(() => store.lastSeq === 4, 'the follower to read the file', 2000);
    emit(log.add('e\n'));
    await waitFor(() => store.lastSeq === 5, 'the next live entry', 2000);
    stop();
    expect(text(store)).toBe('a\nb\nc\nd\ne');
    expect(store.lastSeq).toBe(5);
  });
});
