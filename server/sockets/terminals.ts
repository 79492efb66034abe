// Terminal streams over Socket.IO: attach (screen restore), input, resize; output and exit go to the attached clients.
import type { Engine } from '../../lib/engine';
import { errorMessage } from '../../lib/engine';
import {
  terminalInputSchema as inputSchema,
  terminalRefSchema as attachSchema,
  terminalResizeSchema as resizeSchema,
  type SocketAcks,
} from '../../lib/shared/socket';
import type { HangarIo } from './typed-io';

export function attachTerminals(io: HangarIo, engine: Engine): () => void {
  const { terminals } = engine;
  io.on('connection', (socket) => {
    socket.on(
      'terminal:attach',
      async (payload: unknown, ack?: (reply: SocketAcks['terminal:attach']) => void) => {
        const parsed = attachSchema.safeParse(payload);
        if (!parsed.success) return ack?.({ error: 'invalid terminal:attach payload' });
        try {
          const screen = await terminals.snapshot(parsed.data.id);
          await socket.join(`terminal:${parsed.data.id}`);
          ack?.({ screen });
        } catch (error) {
          ack?.({ error: errorMessage(error) });
        }
      },
    );
    socket.on('terminal:detach', (payload: unknown) => {
      const parsed = attachSchema.safeParse(payload);
      if (parsed.success) void socket.leave(`terminal:${parsed.data.id}`);
    });
    socket.on('terminal:input', (payload: unknown) => {
      const parsed = inputSchema.safeParse(payload);
      if (
        parsed.success &&
        socket.rooms.has(`terminal:${parsed.data.id}`) &&
        terminals.has(parsed.data.id)
      )
        terminals.write(parsed.data.id, parsed.data.data);
    });
    socket.on('terminal:resize', (payload: unknown) => {
      const parsed = resizeSchema.safeParse(payload);
      if (
        parsed.success &&
        socket.rooms.has(`terminal:${parsed.data.id}`) &&
        terminals.has(parsed.data.id)
      ) {
        terminals.resize(parsed.data.id, parsed.data.cols, parsed.data.rows);
      }
    });
  });
  const offData = engine.bus.on('terminal:data', (event) =>
    io.to(`terminal:${event.id}`).emit('terminal:data', event),
  );
  const offExit = engine.bus.on('terminal:exit', (event) =>
    io.to(`terminal:${event.id}`).emit('terminal:exit', event),
  );
  return () => {
    offData();
    offExit();
  };
}
