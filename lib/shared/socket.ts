// The Socket.IO contract: where it lives, and both directions of its event map (payloads the server checks at run time).
import { z } from 'zod';
import type { EngineEvents } from './events';
import { RUN_LOG_SKIPPED_EVENT, type RunLogPage, type RunLogSkipped } from './run';

/** Where Hangar's Socket.IO lives (the root path /socket.io stays free for proxied apps). */
export const SOCKET_PATH = '/_hangar/socket.io';

/** Sent to a Socket.IO client just before the server disconnects it because its login session ended. */
export const SESSION_ENDED_EVENT = 'session:ended';

const id = z.string().min(1).max(100);
export const runSubscribeSchema = z
  .object({ runId: z.string().min(1).max(100), sinceSeq: z.number().int().min(0).optional() })
  .strict();
export const terminalRefSchema = z.object({ id }).strict();
export const terminalInputSchema = z.object({ id, data: z.string().max(64 * 1024) }).strict();
export const terminalResizeSchema = z
  .object({ id, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(500) })
  .strict();

/** A terminal's screen and scrollback as an escape-sequence stream that redraws it in a fresh xterm. */
export interface TerminalScreen {
  data: string;
  cols: number;
  rows: number;
}

/** An acknowledgement that refuses the request. */
export interface AckError {
  error: string;
}

/** What the server acknowledges each client event that asks for an answer with. */
export interface SocketAcks {
  'run:subscribe': RunLogPage | AckError;
  'terminal:attach': { screen: TerminalScreen } | AckError;
}
export type AckEvent = keyof SocketAcks;

/** Client to server: run-log subscriptions and terminal streams. */
export interface ClientToServerEvents {
  /** Joins the run's log room; the ack carries the backlog after sinceSeq. */
  'run:subscribe': (
    payload: z.input<typeof runSubscribeSchema>,
    ack: (reply: SocketAcks['run:subscribe']) => void,
  ) => void;
  'run:unsubscribe': (payload: z.input<typeof runSubscribeSchema>) => void;
  /** Joins the terminal's room; the ack carries its screen to restore. */
  'terminal:attach': (
    payload: z.input<typeof terminalRefSchema>,
    ack: (reply: SocketAcks['terminal:attach']) => void,
  ) => void;
  'terminal:detach': (payload: z.input<typeof terminalRefSchema>) => void;
  'terminal:input': (payload: z.input<typeof terminalInputSchema>) => void;
  'terminal:resize': (payload: z.input<typeof terminalResizeSchema>) => void;
}

/** Server to client: every engine event (run logs and terminal output only to their rooms), a greeting, the end. */
export type ServerToClientEvents = {
  [E in keyof EngineEvents]: (payload: EngineEvents[E]) => void;
} & {
  hello: (payload: { version: string }) => void;
  [SESSION_ENDED_EVENT]: () => void;
  /** This subscriber fell behind: its live entries after `seq` were skipped (read them from the log file). */
  [RUN_LOG_SKIPPED_EVENT]: (payload: RunLogSkipped) => void;
};
