// Runs as recorded on disk: a JSON record beside each run's log, read back at start, pruned by count and size.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isLiveRun, RUN_STATUSES } from '../../shared/events';
import type { RunInfo, RunLogPage, RunLogText } from '../../shared/run';
import { writeJsonAtomic } from '../home';
import { logBytesOnDisk, readLogRange } from '../processes/log-range';

export interface LogLimits {
  /** Finished runs kept per app (runs of no app count as one group). */
  keepRuns: number;
  /** Bytes of run logs kept in all; the oldest finished runs go first. */
  maxBytes: number;
}

const recordSchema = z.object({
  runId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  app: z.string().nullable(),
  script: z.string(),
  appDir: z.string(),
  status: z.enum(RUN_STATUSES),
  daemon: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).passthrough().nullable(),
  parentId: z.string().nullable(),
  /** Bytes the run wrote to its log (rotated-away ones included). */
  bytes: z.number().int().min(0).optional(),
});

interface Recorded {
  info: RunInfo;
  bytes: number | null;
}

/** The last bytes of a finished run's log that `runs.logs` returns as its one entry. */
const TAIL_BYTES = 1024 * 1024;

export class RunHistory {
  private readonly runs = new Map<string, Recorded>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(readonly dir: string) {}

  logFile(runId: string): string {
    return path.join(this.dir, `${runId}.log`);
  }

  /** Reads every run record (and logs without one) left in the folder by earlier Hangars. */
  load(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      const runId = name.endsWith('.log')
        ? name.slice(0, -4)
        : name.endsWith('.json')
          ? name.slice(0, -5)
          : null;
      if (!runId || this.runs.has(runId) || !/^[A-Za-z0-9_-]+$/.test(runId)) continue;
      this.runs.set(runId, this.readRecord(runId));
    }
  }

  /** Records a run (at its start and its end); the write of one run's record never overtakes the previous one. */
  record(info: RunInfo, bytes: number | null = null): Promise<void> {
    const { runId, app, script, appDir, status, daemon, startedAt, endedAt, error, parentId } =
      info;
    const kept = {
      runId,
      app,
      script,
      appDir,
      status,
      daemon,
      startedAt,
      endedAt,
      error,
      parentId,
    };
    this.runs.set(info.runId, { info: { ...info }, bytes });
    const file = path.join(this.dir, `${info.runId}.json`);
    const previous = this.writes.get(info.runId) ?? Promise.resolve();
    const write = previous
      .then(() => writeJsonAtomic(file, { ...kept, ...(bytes === null ? {} : { bytes }) }))
      .catch((error: unknown) => {
        // The record is a convenience for after a restart; the run and its log go on without it.
        console.error(`[runs] could not write ${file}:`, error);
      });
    this.writes.set(info.runId, write);
    void write.then(() => {
      if (this.writes.get(info.runId) === write) this.writes.delete(info.runId);
    });
    return write;
  }

  list(): RunInfo[] {
    return [...this.runs.values()].map((r) => ({ ...r.info }));
  }

  get(runId: string): RunInfo | null {
    const run = this.runs.get(runId);
    return run ? { ...run.info } : null;
  }

  /** A page of a recorded run's log file; the whole file counts as entry 1 for the live join. */
  logText(runId: string, range: { offset?: number; maxBytes?: number }): RunLogText {
    const page = readLogRange(this.logFile(runId), {
      ...range,
      total: this.runs.get(runId)?.bytes ?? undefined,
    });
    return { ...page, lastSeq: page.size > 0 ? 1 : 0 };
  }

  /** A recorded run's log as entries: one entry with its last MiB. */
  logs(runId: string, sinceSeq = 0): RunLogPage {
    const info = this.runs.get(runId)?.info;
    const probe = this.logText(runId, { maxBytes: 1 });
    if (probe.size === 0 || sinceSeq >= 1)
      return { entries: [], lastSeq: probe.lastSeq, truncated: false };
    const tail = this.logText(runId, {
      offset: Math.max(0, probe.size - TAIL_BYTES),
      maxBytes: TAIL_BYTES,
    });
    const entry = {
      seq: 1,
      time: info?.endedAt ?? info?.startedAt ?? 0,
      data: tail.text,
      stream: 'stdout' as const,
    };
    return { entries: [entry], lastSeq: 1, truncated: tail.offset > 0 };
  }

  /**
   * Removes the oldest finished runs: beyond `keepRuns` per app, then until the logs fit in `maxBytes`.
   * Runs in `live` are never removed (they still count). Returns the removed run ids.
   */
  prune(limits: LogLimits, live: ReadonlySet<string>): string[] {
    const newest = [...this.runs.values()]
      .map((r) => r.info)
      .sort((a, b) => b.startedAt - a.startedAt || (a.runId < b.runId ? 1 : -1));
    const removed = new Set<string>();
    const seen = new Map<string, number>();
    for (const info of newest) {
      const group = info.app ?? '';
      const rank = (seen.get(group) ?? 0) + 1;
      seen.set(group, rank);
      if (rank > limits.keepRuns && !live.has(info.runId)) removed.add(info.runId);
    }
    const sizes = new Map(
      newest.filter((i) => !removed.has(i.runId)).map((i) => [i.runId, this.bytesOnDisk(i.runId)]),
    );
    let total = [...sizes.values()].reduce((a, b) => a + b, 0);
    for (const info of [...newest].reverse()) {
      if (total <= limits.maxBytes) break;
      if (removed.has(info.runId) || live.has(info.runId)) continue;
      removed.add(info.runId);
      total -= sizes.get(info.runId) ?? 0;
    }
    if (removed.size > 0) this.remove(removed);
    return [...removed];
  }

  /** Waits for record writes under way (before the folder is read or removed). */
  async settled(): Promise<void> {
    while (this.writes.size > 0) await Promise.all(this.writes.values());
  }

  private bytesOnDisk(runId: string): number {
    return logBytesOnDisk(this.logFile(runId));
  }

  /** Deletes the runs' logs (rotated ones too) and records. */
  private remove(runIds: Set<string>): void {
    for (const runId of runIds) this.runs.delete(runId);
    for (const name of readdirSync(this.dir)) {
      const runId = /^([A-Za-z0-9_-]+)\.(?:log|json)(?:\..*)?$/.exec(name)?.[1];
      if (runId && runIds.has(runId)) rmSync(path.join(this.dir, name), { force: true });
    }
  }

  /** A run record from disk; a log without one (or with an unreadable one) is listed from its file alone. */
  private readRecord(runId: string): Recorded {
    let raw: unknown = null;
    try {
      raw = JSON.parse(readFileSync(path.join(this.dir, `${runId}.json`), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        console.error(`[runs] unreadable record of run ${runId}, listing it from its log:`, error);
    }
    const parsed = recordSchema.safeParse(raw);
    const logFile = this.logFile(runId);
    if (parsed.success && parsed.data.runId === runId) {
      const { bytes, ...info } = parsed.data;
      const ended = !isLiveRun(info.status);
      const full: RunInfo = {
        ...info,
        ready: false,
        step: null,
        pendingInput: null,
        logFile,
        error: info.error as RunInfo['error'],
      };
      // A run that was going on when its Hangar stopped has no end record: say so instead of claiming it runs.
      if (!ended)
        Object.assign(full, {
          status: 'stopped',
          endedAt: modified(logFile) ?? info.startedAt,
          error: { code: 'interrupted', message: 'Hangar stopped while this run was going on' },
        });
      return { info: full, bytes: bytes ?? null };
    }
    const time = Number.parseInt(runId.split('-')[0] ?? '', 36);
    const endedAt = modified(logFile);
    const startedAt =
      Number.isFinite(time) && time > 0 && time <= Date.now() ? time : (endedAt ?? 0);
    return {
      info: {
        runId,
        app: null,
        script: '',
        appDir: '',
        status: 'stopped',
        daemon: false,
        ready: false,
        startedAt,
        endedAt,
        step: null,
        error: null,
        pendingInput: null,
        parentId: null,
        logFile,
      },
      bytes: null,
    };
  }
}

function modified(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    // No log file (the run wrote nothing).
    return null;
  }
}
