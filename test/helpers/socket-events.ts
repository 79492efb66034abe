// Collects Socket.IO events from a test server and waits for one matching a predicate.
import { io, type Socket } from 'socket.io-client';
import type { ServerToClientEvents } from '../../lib/shared/socket';

export type EventName = keyof ServerToClientEvents;
/** What the server sends with an event (undefined for an event without a payload). */
export type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
/** One received event: its name tells its payload's type. */
export type ReceivedEvent = { [E in EventName]: { name: E; payload: Payload<E> } }[EventName];

export interface EventLog {
  socket: Socket;
  events: ReceivedEvent[];
  waitFor<E extends EventName>(
    name: E,
    predicate: (payload: Payload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<Payload<E>>;
  /** The payloads of every `name` event received so far, in order. */
  payloadsOf<E extends EventName>(name: E): Array<Payload<E>>;
  close(): void;
}

export async function collectEvents(url: string): Promise<EventLog> {
  const socket = io(url, {
    path: '/_hangar/socket.io',
    transports: ['websocket'],
    reconnection: false,
  });
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  // Socket.IO hands any event over untyped; the contract says what each name carries.
  socket.onAny((name: EventName, payload: Payload<EventName>) => {
    events.push({ name, payload } as ReceivedEvent);
    waiters.forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    waitFor<E extends EventName>(
      name: E,
      predicate: (payload: Payload<E>) => boolean,
      timeoutMs = 30_000,
    ) {
      return new Promise<Payload<E>>((resolve, reject) => {
        const check = () => {
          // An event named `name` carries a Payload<E> (ReceivedEvent pairs them).
          const found = events.find((e) => e.name === name && predicate(e.payload as Payload<E>));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.payload as Payload<E>);
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
    payloadsOf<E extends EventName>(name: E) {
      return events.filter((e) => e.name === name).map((e) => e.payload as Payload<E>);
    },
    close: () => socket.close(),
  };
}
