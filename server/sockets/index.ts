// Socket.IO at /_hangar/socket.io: checks Host, Origin and auth, then bridges engine events to clients.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server as IoServer } from 'socket.io';
import type { Engine } from '../../lib/engine';
import {
  BROADCAST_EVENT_NAMES,
  type EngineEventName,
  type EngineEvents,
} from '../../lib/shared/events';
import type { AuthGate } from '../auth';
import type { Admission } from '../security/admission';
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../lib/shared/socket';
import type { HangarIo } from './typed-io';
import { attachRunLogs } from './run-logs';
import { attachTerminals } from './terminals';
import { endWithSession } from './session-end';

export function attachSockets(
  server: HttpServer | HttpsServer,
  engine: Engine,
  admission: Admission,
  gate?: AuthGate,
): HangarIo {
  const io = new IoServer<ClientToServerEvents, ServerToClientEvents>(server, {
    path: SOCKET_PATH,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: 1e6,
    allowRequest: (req, callback) => {
      // A refused handshake answers 403 (Socket.IO's only refusal status); the reason says why.
      const decision = admission.admit(req, 'socket');
      if (!decision.ok)
        return callback(
          decision.code === 'host'
            ? 'Misdirected Request'
            : decision.code === 'origin'
              ? 'Forbidden'
              : 'Unauthorized',
          false,
        );
      if (decision.to.kind !== 'hangar') return callback('Forbidden', false);
      callback(null, true);
    },
  });
  const offs = BROADCAST_EVENT_NAMES.map((name) => broadcast(io, engine, name));
  offs.push(attachRunLogs(io, engine), attachTerminals(io, engine));
  io.on('connection', (socket) => {
    if (gate) endWithSession(socket, gate);
    socket.emit('hello', { version: engine.systemInfo().version });
  });
  engine.own(() => offs.forEach((off) => off()));
  return io;
}

/** Forwards one engine event to every client. */
function broadcast<E extends EngineEventName>(io: HangarIo, engine: Engine, name: E): () => void {
  const emit = io.emit.bind(io) as (event: E, payload: EngineEvents[E]) => boolean;
  return engine.bus.on(name, (payload) => emit(name, payload));
}
