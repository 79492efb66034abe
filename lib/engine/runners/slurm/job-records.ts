// The records of this home's Slurm jobs (state/slurm-jobs.json): written before sbatch runs, completed with the job id
// it gives, removed once the job is over. A restarted Hangar re-attaches to the daemons' jobs by id and cancels the rest.
import path from 'node:path';
import { z } from 'zod';
import { readStateFileOr } from '../../state-file-read';
import { writeJsonAtomicSync } from '../../processes/sync-write';

const jobRecordSchema = z.object({
  token: z.string().min(1),
  id: z.string(),
  app: z.string().nullable(),
  runId: z.string(),
  script: z.string(),
  port: z.number().int().nullable(),
  /** An app's serving job: re-attached after a restart. Any other job of a dead Hangar is cancelled. */
  daemon: z.boolean(),
  /** Null until sbatch answered: such a job is found by its name. */
  jobId: z.string().nullable(),
  jobName: z.string().min(1),
  /** The command's output as `script` logs it on the node (header, output, trailer with the exit code). */
  log: z.string(),
  /** The batch job's own stdout and stderr: Slurm's messages (a time limit, a cancel). */
  jobOut: z.string(),
  command: z.string(),
  cwd: z.string(),
  startedAt: z.number(),
  /** The node and its address once the job runs (a re-attached job is routed before its first poll). */
  node: z.string().nullable().optional(),
  host: z.string().nullable().optional(),
});

export type JobRecord = z.infer<typeof jobRecordSchema>;

const fileSchema = z.object({ version: z.literal(1), jobs: z.array(jobRecordSchema) });

export class JobRecords {
  readonly file: string;
  private readonly records = new Map<string, JobRecord>();

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'slurm-jobs.json');
  }

  /** The records of a previous life; a corrupt file is moved aside and reported, and reads as empty. */
  async read(): Promise<JobRecord[]> {
    return (await readStateFileOr(this.file, fileSchema, { version: 1, jobs: [] })).jobs;
  }

  /** Writes a record through to disk; throws (and nothing may be submitted) when it cannot be written. */
  set(record: JobRecord): void {
    const before = this.records.get(record.token);
    this.records.set(record.token, record);
    try {
      this.flush();
    } catch (error) {
      if (before) this.records.set(record.token, before);
      else this.records.delete(record.token);
      throw error;
    }
  }

  /** Changes some fields of a record still held (what another owner set meanwhile, such as `daemon`, stays). */
  update(token: string, patch: Partial<JobRecord>): void {
    const current = this.records.get(token);
    if (current) this.set({ ...current, ...patch });
  }

  get(token: string): JobRecord | undefined {
    return this.records.get(token);
  }

  remove(token: string): void {
    if (!this.records.delete(token)) return;
    try {
      this.flush();
    } catch (error) {
      console.error(`[slurm] could not update ${this.file}:`, (error as Error).message);
    }
  }

  flush(): void {
    writeJsonAtomicSync(this.file, { version: 1, jobs: [...this.records.values()] });
  }
}
