// Import jobs persisted in the home (`cache/state/imports.json`), so an import cut by a restart resumes.
import { z } from 'zod';
import { importJobSchema } from '../../shared/models';
import { errorMessage } from '../errors';
import { writeJsonAtomic } from '../state-file';
import { readStateFileOr } from '../state-file-read';
import type { ImportJob } from './import-jobs';

const KEEP_FINISHED = 50;

/** The shape imports.json must have. */
export const importsFileSchema = z.object({
  version: z.literal(1),
  jobs: z.array(importJobSchema),
});

/** The persisted jobs; a corrupt file is moved aside and reported (stderr and the doctor), and none are listed. */
export async function loadImports(file: string): Promise<ImportJob[]> {
  const data = await readStateFileOr(file, importsFileSchema, { version: 1, jobs: [] });
  return data.jobs as ImportJob[];
}

const running = (job: ImportJob) => job.state === 'scanning' || job.state === 'hashing';

/**
 * Queued writes of imports.json: a write asked for while another waits is folded into it (it reads the jobs when
 * it runs). A failed write is reported on stderr and never fails an import: the next change writes them all again.
 */
export class ImportStore {
  private saving: Promise<void> = Promise.resolve();
  private waiting = false;

  constructor(
    private readonly file: string,
    private readonly jobs: () => ImportJob[],
  ) {}

  save(): Promise<void> {
    if (this.waiting) return this.saving;
    this.waiting = true;
    const write = async (): Promise<void> => {
      this.waiting = false;
      const jobs = this.jobs();
      const finished = jobs.filter((j) => !running(j)).slice(0, KEEP_FINISHED);
      await writeJsonAtomic(this.file, {
        version: 1,
        jobs: jobs.filter((j) => running(j) || finished.includes(j)),
      });
    };
    this.saving = this.saving.then(write, write).catch((error: unknown) => {
      console.error(`hangar: the import jobs were not saved: ${errorMessage(error)}`);
    });
    return this.saving;
  }

  flushed(): Promise<void> {
    return this.saving;
  }
}
