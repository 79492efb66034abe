// Persisted records of running app processes (`<home>/cache/state/processes.json`), for re-adoption after a restart.
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../state-file';
import { readStateFileOr } from '../state-file-read';
import { WriteQueue } from '../write-queue';

export interface ProcessRecord {
  id: string;
  app: string | null;
  runId: string;
  script: string;
  pid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks; a live pid with another start time is a different process. */
  startTime: number | null;
  /** Value of the HANGAR_PROC marker in the process environment. */
  token: string;
  port: number | null;
  command: string;
  cwd: string;
  startedAt: number;
  /** An app's serving process (a daemon): adopted after a restart. Anything else of a dead Hangar is stopped. */
  daemon?: boolean;
  /** The keeper's log and input FIFO, for a process that outlives Hangar (see keeper.ts). */
  keeper?: { log: string; input: string };
}

const int = z.number().int();

/** The shape processes.json must have. */
export const processesFileSchema = z.object({
  version: z.literal(1),
  processes: z.array(
    z
      .object({
        id: z.string(),
        app: z.string().nullable(),
        runId: z.string(),
        script: z.string(),
        pid: int.positive(),
        pgid: int,
        sid: int,
        startTime: z.number().nullable(),
        token: z.string(),
        port: int.nullable(),
        command: z.string(),
        cwd: z.string(),
        startedAt: z.number(),
        daemon: z.boolean().optional(),
        keeper: z.object({ log: z.string(), input: z.string() }).optional(),
      })
      .passthrough(),
  ),
});

/** Serialised read/write of the record file; writes are atomic (temp file + rename). */
export class ProcessRecords {
  readonly file: string;
  private readonly writes = new WriteQueue();

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'processes.json');
  }

  /**
   * The records on disk. A corrupt file is moved aside and reported (stderr and the doctor), and reads as empty:
   * the scan by marker still finds strays.
   */
  async read(): Promise<ProcessRecord[]> {
    return (await readStateFileOr(this.file, processesFileSchema, { version: 1, processes: [] }))
      .processes;
  }

  /** Replaces the file with `records` (queued behind earlier writes). */
  write(records: ProcessRecord[]): Promise<void> {
    return this.writes.run(() => writeJsonAtomic(this.file, { version: 1, processes: records }));
  }
}
