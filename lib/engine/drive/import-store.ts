// Import jobs persisted in the home (`cache/state/imports.json`), so an import cut by a restart resumes.
import { z } from 'zod';
import { importJobSchema } from '../../shared/models';
import { SnapshotWriter } from '../state-snapshot';
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

/** Writes of imports.json: every running job and the newest finished ones (`jobs` lists newest first). */
export function importStore(file: string, jobs: () => ImportJob[]): SnapshotWriter {
  return new SnapshotWriter(file, 'the import jobs', () => {
    const all = jobs();
    const finished = all.filter((j) => !running(j)).slice(0, KEEP_FINISHED);
    return { version: 1, jobs: all.filter((j) => running(j) || finished.includes(j)) };
  });
}
