// Persisted records of running app processes (`<home>/cache/state/processes.json`), for re-adoption after a restart.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../home';

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

/** Serialised read/write of the record file; writes are atomic (temp file + rename). */
export class ProcessRecords {
  readonly file: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'processes.json');
  }

  async read(): Promise<ProcessRecord[]> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { processes?: ProcessRecord[] };
      return Array.isArray(parsed.processes) ? parsed.processes : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      // A torn or corrupt file holds nothing we can trust; the scan by marker still finds strays.
      return [];
    }
  }

  /** Replaces the file with `records` (queued behind earlier writes). */
  write(records: ProcessRecord[]): Promise<void> {
    const next = this.chain.then(() => writeJsonAtomic(this.file, { version: 1, processes: records }));
    // The caller sees the rejection; later writes must still run.
    this.chain = next.catch(() => undefined);
    return next;
  }
}
