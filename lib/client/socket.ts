// The browser's one Socket.IO connection to Hangar (path /_hangar/socket.io), created on first use.
import { io, type Socket } from 'socket.io-client';
import { loginUrl } from '../shared/auth';
import { SESSION_ENDED_EVENT } from '../shared/events';
import { SOCKET_PATH } from '../shared/socket-path';

export { SOCKET_PATH };

let socket: Socket | null = null;

export function getSocket(): Socket {
  if (!socket) {
    socket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'] });
    // The login session ended (logout here or elsewhere, a password change): the server has closed the socket.
    socket.on(SESSION_ENDED_EVENT, () =>
      window.location.assign(loginUrl(window.location.pathname + window.location.search)),
    );
  }
  return socket;
}

/** Emits with an acknowledgement and rejects when the server does not answer in time. */
export function emitWithAck<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return getSocket().timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}
