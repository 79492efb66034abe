// The run logs of the engine: one RunLog per run id, created on first write, closed when the run ends.
import path from 'node:path';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import { RunLog } from './run-log';

export class RunLogStore {
  private readonly logs = new Map<string, RunLog>();

  constructor(
    private readonly home: HomeLayout | null,
    private readonly bus?: EventBus,
    private readonly limits: { ringChars?: number; maxBytes?: number; keep?: number; maxRuns?: number } = {},
  ) {}

  /** The log of `runId` (created on first use; logs go to `<home>/logs/runs/<runId>.log`). */
  get(runId: string): RunLog {
    let log = this.logs.get(runId);
    if (!log) {
      log = new RunLog({
        runId,
        dir: this.home ? path.join(this.home.logs, 'runs') : undefined,
        bus: this.bus,
        ringChars: this.limits.ringChars,
        maxBytes: this.limits.maxBytes,
        keep: this.limits.keep,
      });
      this.logs.set(runId, log);
      this.evict();
    }
    return log;
  }

  has(runId: string): boolean {
    return this.logs.has(runId);
  }

  /** Closes the file of a finished run; its ring stays for replay until evicted. */
  async close(runId: string): Promise<void> {
    await this.logs.get(runId)?.close();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.close()));
  }

  /** Keeps memory bounded: the oldest runs beyond `maxRuns` (default 50) are dropped. */
  private evict(): void {
    const max = this.limits.maxRuns ?? 50;
    for (const [runId, log] of this.logs) {
      if (this.logs.size <= max) break;
      void log.close();
      this.logs.delete(runId);
    }
  }
}
