// Live run logs: a client subscribes to a run (with the last seq it saw) and gets the backlog, then live entries.
//
// Each entry goes to the run's room as one broadcast, so Socket.IO encodes it once for every subscriber. A
// subscriber that falls behind (more than `maxBacklog` bytes queued for it) leaves the room and is told so with
// `run:log-skipped`: memory stays bounded per subscriber, and the skipped output is in the run's log file.
import type { Engine } from '../../lib/engine';
import { errorMessage } from '../../lib/engine';
import { RUN_LOG_SKIPPED_EVENT, type RunLogSkipped } from '../../lib/shared/run';
import { runSubscribeSchema as subscribeSchema, type SocketAcks } from '../../lib/shared/socket';
import { socketBacklog } from './socket-backlog';
import type { HangarIo } from './typed-io';

/** Bytes queued for one subscriber before its live entries are skipped (a few batches of output). */
export const MAX_SUBSCRIBER_BACKLOG = 2 * 1024 * 1024;

export interface RunLogBridgeOptions {
  maxBacklog?: number;
}

export function attachRunLogs(
  io: HangarIo,
  engine: Engine,
  options: RunLogBridgeOptions = {},
): () => void {
  const maxBacklog = options.maxBacklog ?? MAX_SUBSCRIBER_BACKLOG;
  io.on('connection', (socket) => {
    socket.on(
      'run:subscribe',
      (payload: unknown, ack?: (reply: SocketAcks['run:subscribe']) => void) => {
        const parsed = subscribeSchema.safeParse(payload);
        if (!parsed.success) return ack?.({ error: 'invalid run:subscribe payload' });
        const { runId, sinceSeq } = parsed.data;
        // Join first, then read the backlog: the client drops live entries it already has (seq ≤ last).
        void socket.join(`run:${runId}`);
        try {
          ack?.(engine.runner.logs(runId, { sinceSeq: sinceSeq ?? 0, limit: 10_000 }));
        } catch (error) {
          void socket.leave(`run:${runId}`);
          ack?.({ error: errorMessage(error) });
        }
      },
    );
    socket.on('run:unsubscribe', (payload: unknown) => {
      const parsed = subscribeSchema.safeParse(payload);
      if (parsed.success) void socket.leave(`run:${parsed.data.runId}`);
    });
  });
  return engine.bus.on('run:log', (entry) => {
    const room = `run:${entry.runId}`;
    const members = io.sockets.adapter.rooms.get(room);
    if (!members) return;
    for (const id of members) {
      const socket = io.sockets.sockets.get(id);
      if (!socket || socketBacklog(socket) <= maxBacklog) continue;
      void socket.leave(room);
      const skipped: RunLogSkipped = { runId: entry.runId, seq: entry.seq - 1 };
      socket.emit(RUN_LOG_SKIPPED_EVENT, skipped);
    }
    io.to(room).emit('run:log', entry);
  });
}
