// The browser's one Socket.IO connection to Hangar (path /_hangar/socket.io), created on first use.
import { io, type Socket } from 'socket.io-client';
import { loginUrl } from '../shared/auth';
import {
  SESSION_ENDED_EVENT,
  SOCKET_PATH,
  type AckEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketAcks,
} from '../shared/socket';

/** The browser's end of the socket contract. */
export type HangarClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export { SOCKET_PATH };

let socket: HangarClientSocket | null = null;

export function getSocket(): HangarClientSocket {
  if (!socket) {
    socket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'] });
    // The login session ended (logout here or elsewhere, a password change): the server has closed the socket.
    socket.on(SESSION_ENDED_EVENT, () =>
      window.location.assign(
        loginUrl(window.location.pathname + window.location.search, { ended: true }),
      ),
    );
  }
  return socket;
}

/** Emits with an acknowledgement and rejects when the server does not answer in time. */
export function emitWithAck<E extends AckEvent>(
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 10_000,
): Promise<SocketAcks[E]> {
  const timed = getSocket().timeout(timeoutMs);
  // One cast for the generic event: Socket.IO's overloads resolve only a literal event name.
  const emit = timed.emitWithAck.bind(timed) as (
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ) => Promise<SocketAcks[E]>;
  return emit(event, payload);
}
