// Bytes queued in memory for one Socket.IO client: packets waiting in Engine.IO plus what the WebSocket has not flushed.
import type { Socket } from 'socket.io';

interface QueuedPacket {
  data?: unknown;
}

/** The parts of Engine.IO's connection read here (its transport's `socket` is the ws WebSocket, untyped there). */
interface EngineConnection {
  writeBuffer?: QueuedPacket[];
  transport?: { socket?: { bufferedAmount?: unknown } };
}

function packetBytes(packet: QueuedPacket): number {
  const data = packet.data;
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Bytes the server holds for this client that the client has not taken yet (0 when it keeps up). */
export function socketBacklog(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConnection;
  let bytes = 0;
  for (const packet of conn.writeBuffer ?? []) bytes += packetBytes(packet);
  const buffered = conn.transport?.socket?.bufferedAmount;
  if (typeof buffered === 'number') bytes += buffered;
  return bytes;
}
