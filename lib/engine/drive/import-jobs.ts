// Background imports of models folders: one job per request, surviving it, with progress as engine events.
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events';
import { errorMessage } from '../errors';
import type { Drive } from './drive';
import { hashFile, importOne, type ImportedFile } from './folder-import';
import { checkFolder, scanModelFolder, type FoundFile } from './folder-scan';
import { NOT_MODELS } from './pinokio-home';

export interface ImportJob {
  id: string;
  folder: string;
  /** Every folder the job reads (one, or those of a Pinokio home). */
  folders: string[];
  state: 'scanning' | 'hashing' | 'done' | 'failed';
  files: number;
  totalBytes: number;
  hashedBytes: number;
  /** Bytes written into the drive by the import (always 0: files are linked, never copied). */
  copiedBytes: number;
  imported: ImportedFile[];
  error?: string;
  startedAt: number;
  finishedAt?: number;
}

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly drive: Drive,
    private readonly homeRoot: string,
    private readonly bus: EventBus,
  ) {}

  list(): ImportJob[] {
    return [...this.jobs.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Validates the folder, then hashes and links its model files in the background. */
  async start(
    folder: string,
    extra: string[] = [],
  ): Promise<{ job: ImportJob; done: Promise<ImportJob> }> {
    const real = await checkFolder(folder);
    const folders = extra.length > 0 ? extra : [real];
    const job: ImportJob = {
      id: randomUUID(),
      folder: real,
      folders,
      state: 'scanning',
      files: 0,
      totalBytes: 0,
      hashedBytes: 0,
      copiedBytes: 0,
      imported: [],
      startedAt: Date.now(),
    };
    this.jobs.set(job.id, job);
    this.emit(job);
    const done = this.run(job).then(
      () => job,
      (error: unknown) => {
        job.state = 'failed';
        job.error = errorMessage(error);
        job.finishedAt = Date.now();
        this.emit(job);
        return job;
      },
    );
    return { job, done };
  }

  private async run(job: ImportJob): Promise<void> {
    const files: FoundFile[] = [];
    for (const folder of job.folders)
      // An HF cache's blobs are reached through its snapshots, with their real names.
      files.push(...(await scanModelFolder(folder, { skipDirs: (rel) => NOT_MODELS.test(rel) })));
    job.files = files.length;
    job.totalBytes = files.reduce((n, f) => n + f.size, 0);
    job.state = 'hashing';
    this.emit(job);
    let lastEmit = 0;
    for (const file of files) {
      const sha256 = await hashFile(file.path, (n) => {
        job.hashedBytes += n;
        if (Date.now() - lastEmit > 250) {
          lastEmit = Date.now();
          this.emit(job);
        }
      });
      job.imported.push(await importOne(this.drive, this.homeRoot, file, sha256));
    }
    job.state = 'done';
    job.finishedAt = Date.now();
    this.emit(job);
  }

  private emit(job: ImportJob): void {
    this.bus.emit('models:import', {
      id: job.id,
      folder: job.folder,
      state: job.state,
      files: job.files,
      done: job.imported.length,
      totalBytes: job.totalBytes,
      hashedBytes: job.hashedBytes,
      error: job.error,
    });
  }
}
