// Live run logs: a client subscribes to a run (with the last seq it saw) and gets the backlog, then live entries.
import type { Engine } from '../../lib/engine';
import { errorMessage } from '../../lib/engine';
import { runSubscribeSchema as subscribeSchema, type SocketAcks } from '../../lib/shared/socket';
import type { HangarIo } from './typed-io';

export function attachRunLogs(io: HangarIo, engine: Engine): () => void {
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
  return engine.bus.on('run:log', (entry) => io.to(`run:${entry.runId}`).emit('run:log', entry));
}
