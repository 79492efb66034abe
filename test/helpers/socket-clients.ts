// Socket.IO clients for log tests: one connection of its own each, and the TCP socket under it, which a test pauses
// to make the client a consumer that reads nothing.
import type { Socket as NetSocket } from 'node:net';
import { io, type Socket } from 'socket.io-client';

export async function connect(url: string): Promise<Socket> {
  const socket = io(url, { path: '/_hangar/socket.io', transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The TCP socket under a Socket.IO client: pausing it makes the client a consumer that reads nothing. */
export function tcpOf(socket: Socket): NetSocket {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: NetSocket } };
  const tcp = transport.ws?._socket;
  if (!tcp) throw new Error('this Socket.IO client has no WebSocket under it');
  return tcp;
}
