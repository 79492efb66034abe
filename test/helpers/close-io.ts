// Closes a Socket.IO server and waits until its HTTP server has closed too.
import type { Server } from 'socket.io';

export function closeIo(io: Server): Promise<void> {
  return new Promise((resolve) => {
    // close()'s own promise settles before the HTTP server has closed (and never rejects); the callback waits for it.
    void io.close(() => resolve());
  });
}
