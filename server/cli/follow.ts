// Follows a run's log over Socket.IO until it ends: prints output and a step progress line.
import { io, type Socket } from 'socket.io-client';
import type { RunStatus } from '../../lib/shared/events';
import { RUN_LOG_SKIPPED_EVENT } from '../../lib/shared/run';
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../lib/shared/socket';

interface LogEntry {
  seq: number;
  data: string;
}

export interface FollowOptions {
  url: string;
  token?: string;
  runId: string;
  /** Entries up to this seq were printed already (from the run's log file). */
  sinceSeq?: number;
  /** Stop when the run reaches one of these statuses (a daemon run counts as done once ready). */
  untilEnd: boolean;
  write(text: string, seq: number): void;
  progress?(text: string): void;
  /** Each status the run moves to while followed. */
  onStatus?(status: RunStatus): void;
  /** The run's status now: asked once subscribed, so that a run that ended before then is not waited for. */
  currentStatus?(): Promise<RunStatus>;
}

/** Statuses a run does not leave. */
export const ENDED_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>([
  'finished',
  'failed',
  'stopped',
  'exited',
  'crashed',
]);

/** Resolves with the final run status. */
export function followRun(options: FollowOptions): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      extraHeaders: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
      reconnection: true,
    });
    let lastSeq = options.sinceSeq ?? 0;
    const print = (entry: LogEntry) => {
      if (entry.seq <= lastSeq) return;
      lastSeq = entry.seq;
      options.write(entry.data, entry.seq);
    };
    const finish = (status: RunStatus) => {
      socket.close();
      resolve(status);
    };
    const skipped = () =>
      options.write(
        `\n[hangar: lines skipped, the terminal fell behind; \`hangar logs\` prints the whole run]\n`,
        lastSeq,
      );
    // Live entries that come before the answer (which holds the earlier ones) wait for it, so none is lost.
    let early: LogEntry[] | null = null;
    const subscribe = () => {
      early = [];
      socket.emit('run:subscribe', { runId: options.runId, sinceSeq: lastSeq }, (reply) => {
        if ('error' in reply) {
          socket.close();
          reject(new Error(reply.error));
          return;
        }
        if (reply.truncated) skipped();
        reply.entries.forEach(print);
        early?.forEach(print);
        early = null;
        options.currentStatus?.().then(
          (status) => {
            options.onStatus?.(status);
            if (options.untilEnd && ENDED_STATUSES.has(status)) finish(status);
          },
          (error: unknown) => {
            socket.close();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    };
    socket.on('connect', subscribe);
    // The server stopped sending (we fell behind): say so, and join again from what it still holds.
    socket.on(RUN_LOG_SKIPPED_EVENT, (event) => {
      if (event.runId === options.runId) subscribe();
    });
    socket.on('connect_error', (error) => {
      socket.close();
      reject(new Error(`cannot follow the run: ${error.message}`));
    });
    socket.on('run:log', (entry) => {
      if (entry.runId !== options.runId) return;
      if (early) early.push(entry);
      else print(entry);
    });
    socket.on('run:step', (step) => {
      if (step.runId === options.runId)
        options.progress?.(`[${step.index + 1}/${step.total}] ${step.title ?? step.method}`);
    });
    socket.on('run:status', (event) => {
      // Before the backlog arrives, an end would drop it: the answer's status check ends the follow instead.
      if (event.runId !== options.runId || early) return;
      options.onStatus?.(event.status);
      if (options.untilEnd && ENDED_STATUSES.has(event.status)) finish(event.status);
    });
  });
}
