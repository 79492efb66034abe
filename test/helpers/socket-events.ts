// Collects Socket.IO events from a test server and waits for one matching a predicate.
import { io, type Socket } from 'socket.io-client';

export interface EventLog {
  socket: Socket;
  events: Array<{ name: string; payload: any }>;
  waitFor(name: string, predicate: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function collectEvents(url: string): Promise<EventLog> {
  const socket = io(url, {
    path: '/_hangar/socket.io',
    transports: ['websocket'],
    reconnection: false,
  });
  const events: Array<{ name: string; payload: any }> = [];
  const waiters = new Set<() => void>();
  socket.onAny((name: string, payload: unknown) => {
    events.push({ name, payload });
    waiters.forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    waitFor(name, predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.name === name && predicate(e.payload));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.payload);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no ${name} event matched within ${timeoutMs} ms; saw ${JSON.stringify(events.map((e) => e.name))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
