// Records of every process Hangar starts (`<home>/cache/state/processes.json`), written before it runs.
//
// The order is: record pending → spawn → complete the record. A pending record names the spawn token that the child
// also carries in its environment (HANGAR_PROC); it is fsynced before the spawn, so no process of ours runs user
// code without a record on disk. A Hangar killed between the spawn and the completed record leaves a pending
// record whose token a restart finds in /proc/<pid>/environ (and ends); the owner marker (HANGAR_OWNER) covers a
// record file that is corrupt or gone. Writes are synchronous: each one writes the current set, so no older
// write can land after a newer one.
import path from 'node:path';
import { z } from 'zod';
import { readStateFileOr } from '../state-file-read';
import { writeJsonAtomicSync } from './sync-write';

/** What a record is for: an install or `shell.run` step, an app's serving process, a browser terminal. */
export type ProcessKind = 'step' | 'daemon' | 'terminal';

/** A process about to be spawned: what a restart needs to find it by its token and end it. */
export interface PendingRecord {
  id: string;
  kind: ProcessKind;
  app: string | null;
  runId: string;
  script: string;
  /** Value of the HANGAR_PROC marker the child will carry. */
  token: string;
  command: string;
  cwd: string;
  startedAt: number;
}

export interface ProcessRecord {
  id: string;
  kind?: ProcessKind;
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
  /** A serving command whose app had not answered yet (see `SuperviseOptions.serving`): taken back not ready. */
  serving?: boolean;
  /** The keeper's log and input FIFO, for a process that outlives Hangar (see keeper.ts). */
  keeper?: { log: string; input: string };
  /** A browser terminal's session, for a restarted Hangar to list it again under the same id. */
  terminal?: TerminalRecord;
}

export interface TerminalRecord {
  title: string;
  cols: number;
  rows: number;
  createdAt: number;
}

const int = z.number().int();
const kind = z.enum(['step', 'daemon', 'terminal']);

/** The shape processes.json must have. */
export const processesFileSchema = z.object({
  version: z.literal(1),
  processes: z.array(
    z
      .object({
        id: z.string(),
        kind: kind.optional(),
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
        serving: z.boolean().optional(),
        keeper: z.object({ log: z.string(), input: z.string() }).optional(),
        terminal: z
          .object({ title: z.string(), cols: int, rows: int, createdAt: z.number() })
          .optional(),
      })
      .passthrough(),
  ),
  pending: z
    .array(
      z.object({
        id: z.string(),
        kind,
        app: z.string().nullable(),
        runId: z.string(),
        script: z.string(),
        token: z.string().min(1),
        command: z.string(),
        cwd: z.string(),
        startedAt: z.number(),
      }),
    )
    .optional(),
});

export interface RecordFile {
  processes: ProcessRecord[];
  pending: PendingRecord[];
}

/** The record file of one home: this life's records in memory, each change written through to disk. */
export class ProcessRecords {
  readonly file: string;
  private readonly records = new Map<string, ProcessRecord | PendingRecord>();

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'processes.json');
  }

  /**
   * The records on disk (those of a previous life, before this one writes). A corrupt file is moved aside and
   * reported (stderr and the doctor), and reads as empty: the scan by owner marker still finds strays.
   */
  async read(): Promise<RecordFile> {
    const file = await readStateFileOr(this.file, processesFileSchema, {
      version: 1,
      processes: [],
    });
    return { processes: file.processes, pending: file.pending ?? [] };
  }

  /** Records a process about to start. Throws (and nothing may be spawned) when the record cannot be written. */
  begin(record: PendingRecord): void {
    this.records.set(record.token, record);
    try {
      this.flush();
    } catch (error) {
      this.records.delete(record.token);
      throw error;
    }
  }

  /** Records a started process (replacing its pending record) or updates it. */
  set(record: ProcessRecord): void {
    this.records.set(record.token, record);
    this.flushOrWarn();
  }

  remove(token: string): void {
    if (this.records.delete(token)) this.flushOrWarn();
  }

  /** Writes this life's records (after a recovery settled those of the previous one). */
  save(): void {
    this.flushOrWarn();
  }

  has(token: string): boolean {
    return this.records.has(token);
  }

  private flush(): void {
    const processes: ProcessRecord[] = [];
    const pending: PendingRecord[] = [];
    for (const record of this.records.values())
      if ('pid' in record) processes.push(record);
      else pending.push(record);
    writeJsonAtomicSync(this.file, { version: 1, processes, pending });
  }

  /** After the spawn a failed write only weakens recovery (the markers still find the process): report it. */
  private flushOrWarn(): void {
    try {
      this.flush();
    } catch (error) {
      console.error(`[processes] could not write ${this.file}:`, (error as Error).message);
    }
  }
}
