'use client';
// Follows one run's log: its whole file in pages over the API, then live entries over Socket.IO; again on reconnect.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { RUN_LOG_SKIPPED_EVENT, type RunLogSkipped } from '../shared/run';
import { followRunLogWith, type RunLogTransport } from './run-log-follow';
import { RunLogStore } from './run-log-store';
import { rpc } from './rpc';
import { emitWithAck, getSocket } from './socket';

function browserTransport(): RunLogTransport {
  const socket = getSocket();
  return {
    readText: (runId, offset, maxBytes) => rpc('runs.logText', { runId, offset, maxBytes }),
    subscribe: (runId, sinceSeq) => emitWithAck('run:subscribe', { runId, sinceSeq }),
    unsubscribe: (runId) => void socket.emit('run:unsubscribe', { runId }),
    onLog: (listener) => {
      socket.on('run:log', listener);
      return () => void socket.off('run:log', listener);
    },
    onSkipped: (listener: (event: RunLogSkipped) => void) => {
      socket.on(RUN_LOG_SKIPPED_EVENT, listener);
      return () => void socket.off(RUN_LOG_SKIPPED_EVENT, listener);
    },
    onConnect: (listener) => {
      socket.on('connect', listener);
      if (socket.connected) listener();
      return () => void socket.off('connect', listener);
    },
  };
}

export function followRunLog(
  runId: string,
  store: RunLogStore,
  onError: (message: string) => void,
): () => void {
  return followRunLogWith(browserTransport(), runId, store, onError);
}

export function useRunLog(
  runId: string | null,
  onError: (message: string) => void = () => undefined,
): RunLogStore | null {
  const store = useMemo(() => (runId ? new RunLogStore() : null), [runId]);
  const report = useRef(onError);
  useEffect(() => {
    report.current = onError;
  });
  useEffect(
    () =>
      runId && store ? followRunLog(runId, store, (message) => report.current(message)) : undefined,
    [runId, store],
  );
  useSyncExternalStore(
    (listener) => (store ? store.subscribe(listener) : () => undefined),
    () => store?.version ?? 0,
    () => 0,
  );
  return store;
}
