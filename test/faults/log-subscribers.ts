// Subscribers for the log-flood drill: Socket.IO clients that follow a run the way the browser does (the same
// follower code) and check each numbered line as it arrives without keeping the text, or that read raw live entries
// the way `hangar` in a terminal does. Each can stop reading its socket to act as a slow consumer.
import { createHash } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { followRunLogWith } from '../../lib/client/run-log-follow';
import {
  RUN_LOG_SKIPPED_EVENT,
  type RunLogEntry,
  type RunLogPage,
  type RunLogSkipped,
} from '../../lib/shared/run';
import { rpcCall } from '../helpers/rpc';
import { CheckingSinkBase, socketTransport } from '../helpers/run-log-follow';

export const FLOOD_LINE = /^line (\d+) of the flood /;

/** Checks the flood's numbered lines arrive 1, 2, 3… with nothing lost or doubled; hashes every byte it got. */
export class CheckingSink extends CheckingSinkBase {
  expected = 1;
  done = false;
  private carry = '';
  private readonly hash = createHash('sha256');

  constructor(
    private readonly lines: number,
    private readonly onProgress: (sink: CheckingSink) => void,
  ) {
    super();
  }

  /** sha256 of everything received, which is the run's log file when the follower holds all of it. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  protected feed(data: string): void {
    this.hash.update(data);
    const parts = (this.carry + data).split('\n');
    this.carry = parts.pop()!;
    for (const line of parts) {
      if (line === 'flood done\r') this.done = true;
      const match = FLOOD_LINE.exec(line);
      if (!match || this.error) continue;
      if (Number(match[1]) !== this.expected)
        this.error = `expected line ${this.expected}, got ${JSON.stringify(line.slice(0, 40))}`;
      this.expected += 1;
    }
    if (this.done && this.expected <= this.lines)
      this.error ??= `flood done after line ${this.expected - 1}`;
    this.onProgress(this);
  }
}

/** Follows a run with the browser's follower; counts the skips the server announced. */
export function follow(
  url: string,
  socket: Socket,
  runId: string,
  sink: CheckingSink,
): { skips: RunLogSkipped[]; errors: string[]; stop(): void } {
  const skips: RunLogSkipped[] = [];
  const errors: string[] = [];
  socket.on(RUN_LOG_SKIPPED_EVENT, (event: RunLogSkipped) => skips.push(event));
  const stop = followRunLogWith(
    socketTransport(socket, (id, offset, maxBytes) =>
      rpcCall(url, 'runs.logText', { runId: id, offset, maxBytes }),
    ),
    runId,
    sink,
    (message) => errors.push(message),
  );
  return { skips, errors, stop };
}

/**
 * Reads only live entries, as `hangar` in a terminal does: after a skip it joins again from what the server still
 * holds. Every gap in the seqs it printed must be one the server announced (a skip, or a truncated backlog).
 */
export function rawReader(socket: Socket, runId: string) {
  const state = { lastSeq: 0, entries: 0, announced: 0, silentGaps: [] as string[], gapOk: false };
  const take = (entry: RunLogEntry) => {
    if (entry.seq <= state.lastSeq) return;
    if (entry.seq !== state.lastSeq + 1 && !state.gapOk)
      state.silentGaps.push(`${state.lastSeq} → ${entry.seq}`);
    state.gapOk = false;
    state.lastSeq = entry.seq;
    state.entries += 1;
  };
  const subscribe = async () => {
    const reply = (await socket
      .timeout(10_000)
      .emitWithAck('run:subscribe', { runId, sinceSeq: state.lastSeq })) as RunLogPage;
    if (reply.truncated) {
      state.announced += 1;
      state.gapOk = true;
    }
    reply.entries.forEach(take);
  };
  socket.on('run:log', (entry: RunLogEntry & { runId: string }) => {
    if (entry.runId === runId) take(entry);
  });
  socket.on(RUN_LOG_SKIPPED_EVENT, (event: RunLogSkipped) => {
    if (event.runId !== runId) return;
    state.announced += 1;
    state.gapOk = true;
    void subscribe();
  });
  return { state, subscribe };
}
