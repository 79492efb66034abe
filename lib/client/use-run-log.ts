'use client';
// Follows one run's log over Socket.IO: backlog from the server's ring (by seq), then live entries; resubscribes on reconnect.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { RunLogStore } from './run-log-store';
import { emitWithAck, getSocket } from './socket';
import type { LogEntry, LogPage } from './types';

type Reply = LogPage | { error: string };

export function followRunLog(runId: string, store: RunLogStore, onError: (message: string) => void): () => void {
  const socket = getSocket();
  let synced = false;
  let pending: LogEntry[] = [];
  const onLog = (entry: LogEntry & { runId: string }) => {
    if (entry.runId !== runId) return;
    if (synced) store.add([entry]);
    else pending.push(entry);
  };
  const subscribe = () => {
    synced = false;
    emitWithAck<Reply>('run:subscribe', { runId, sinceSeq: store.lastSeq })
      .then((reply) => {
        if ('error' in reply) return onError(reply.error);
        if (reply.truncated) store.truncated = true;
        store.add(reply.entries);
        store.add(pending);
        pending = [];
        synced = true;
      })
      .catch((error: unknown) => onError(error instanceof Error ? error.message : String(error)));
  };
  socket.on('run:log', onLog);
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
  return () => {
    socket.off('run:log', onLog);
    socket.off('connect', subscribe);
    socket.emit('run:unsubscribe', { runId });
  };
}

export function useRunLog(runId: string | null, onError: (message: string) => void = () => undefined): RunLogStore | null {
  const store = useMemo(() => (runId ? new RunLogStore() : null), [runId]);
  const report = useRef(onError);
  report.current = onError;
  useEffect(() => (runId && store ? followRunLog(runId, store, (message) => report.current(message)) : undefined), [runId, store]);
  useSyncExternalStore(
    (listener) => (store ? store.subscribe(listener) : () => undefined),
    () => store?.version ?? 0,
    () => 0,
  );
  return store;
}
