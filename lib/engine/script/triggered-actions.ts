// on[].trigger: another action (a top-level array of steps) of the running script, queued one after another
// beside the run's own steps, with `args` (and step 0's input) {event, trigger}.
import { errorMessage } from '../errors';
import { unknownActionReason, validateSteps, type LoadedScript, type StepSpec } from './loader';
import type { RunRecord } from './run-types';

export class TriggeredActions {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: RunRecord,
    private readonly loaded: LoadedScript,
    private readonly execute: (steps: StepSpec[], input: unknown) => Promise<unknown>,
    private readonly log: (text: string, stream: 'info' | 'error') => void,
  ) {}

  /** Queues `action`; a name that is no array of steps, or a failing action, is reported in the run's log. */
  queue(action: string, input: unknown): void {
    const steps = this.stepsOf(action);
    if (steps === null) return;
    this.tail = this.tail.then(async () => {
      if (this.run.controller.signal.aborted) return;
      this.log(`on.trigger: running "${action}"\n`, 'info');
      try {
        await this.execute(steps, input);
      } catch (error) {
        // A stopped run ends its triggered actions with it; that is no failure of theirs.
        if (this.run.controller.signal.aborted) return;
        this.log(`on.trigger "${action}" failed: ${errorMessage(error)}\n`, 'error');
      }
    });
  }

  /** Resolves once every action queued so far (and any they queue) has ended. */
  async settled(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }

  private stepsOf(action: string): StepSpec[] | null {
    const unknown = unknownActionReason(this.loaded.self, action);
    if (unknown !== null) {
      this.log(`on.trigger "${action}" ${unknown}, ${this.loaded.file}\n`, 'error');
      return null;
    }
    const value = this.loaded.self[action];
    try {
      validateSteps(this.loaded.file, value);
    } catch (error) {
      this.log(`on.trigger "${action}": ${errorMessage(error)}\n`, 'error');
      return null;
    }
    return value as StepSpec[];
  }
}
