// The browser's one Socket.IO connection to Hangar (path /_hangar/socket.io), created on first use.
import { io, type Socket } from 'socket.io-client';

export const SOCKET_PATH = '/_hangar/socket.io';

let socket: Socket | null = null;

export function getSocket(): Socket {
  if (!socket) socket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'] });
  return socket;
}

/** Emits with an acknowledgement and rejects when the server does not answer in time. */
export function emitWithAck<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return getSocket().timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}
