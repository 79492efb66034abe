// Input to a run: pending `input` requests, each blocking its step until answered (ScriptRunner.respond) or the run
// stops, and keystrokes typed into its shells.
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors';
import type { RunRecord } from './run-types';

interface Pending {
  requestId: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class InputWaits {
  private readonly pending = new Map<string, Pending>();

  /** Registers a wait for the run; returns its request id and the promise of the answer. */
  open(runId: string): { requestId: string; answer: Promise<unknown> } {
    if (this.pending.has(runId))
      throw new EngineError('conflict', `Run ${runId} is already waiting for input`);
    const requestId = randomUUID();
    const answer = new Promise<unknown>((resolve, reject) => {
      this.pending.set(runId, { requestId, resolve, reject });
    });
    return { requestId, answer };
  }

  has(runId: string): boolean {
    return this.pending.has(runId);
  }

  requestIdOf(runId: string): string | undefined {
    return this.pending.get(runId)?.requestId;
  }

  /** Answers the run's pending input; a conflict when it is not waiting. */
  respond(run: RunRecord, response: unknown): void {
    const runId = run.info.runId;
    const wait = this.pending.get(runId);
    if (!wait)
      throw new EngineError('conflict', `Run ${runId} is not waiting for input`, {
        details: { runId, status: run.info.status },
      });
    this.pending.delete(runId);
    wait.resolve(response);
  }

  /** Rejects the run's pending input (the run is stopping). */
  cancel(runId: string, reason = 'the run was stopped'): void {
    const wait = this.pending.get(runId);
    if (!wait) return;
    this.pending.delete(runId);
    wait.reject(new EngineError('cancelled', `Input cancelled: ${reason}`));
  }
}

/** Types into the run's shells that take keystrokes (shell.run with `input: true`). */
export function writeKeys(run: RunRecord, data: string): void {
  const shells = [...run.processes.values()].filter((p) => p.write !== undefined);
  if (shells.length === 0)
    throw new EngineError('conflict', `Run ${run.info.runId} has no shell that takes input`, {
      details: { runId: run.info.runId, hint: 'only shell.run with input: true takes keystrokes' },
    });
  for (const shell of shells) shell.write?.(data);
}
