// Pending `input` requests: each blocks its step until answered (ScriptRunner.respond) or the run stops.
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors';

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

  /** Answers the run's pending input; false when it is not waiting. */
  respond(runId: string, response: unknown): boolean {
    const wait = this.pending.get(runId);
    if (!wait) return false;
    this.pending.delete(runId);
    wait.resolve(response);
    return true;
  }

  /** Rejects the run's pending input (the run is stopping). */
  cancel(runId: string, reason = 'the run was stopped'): void {
    const wait = this.pending.get(runId);
    if (!wait) return;
    this.pending.delete(runId);
    wait.reject(new EngineError('cancelled', `Input cancelled: ${reason}`));
  }
}
