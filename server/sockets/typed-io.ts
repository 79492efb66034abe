// Hangar's Socket.IO server and sockets, typed by the socket contract in lib/shared/socket.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/shared/socket';

export type HangarIo = Server<ClientToServerEvents, ServerToClientEvents>;
export type HangarSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
