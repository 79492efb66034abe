// Background imports of models folders: one job per request, surviving it and a restart, with progress as events.
import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events';
import type { SnapshotWriter } from '../state-snapshot';
import { errorMessage } from '../errors';
import type { Drive } from './drive';
import { hashFile, importOne, type ImportedFile } from './folder-import';
import { checkFolder, scanModelFolder, type FoundFile } from './folder-scan';
import { importStore, loadImports } from './import-store';
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
  /** When a restarted Hangar took the job up again (files already imported are not hashed again). */
  resumedAt?: number;
  finishedAt?: number;
}

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly store: SnapshotWriter | null;
  private closed = false;

  constructor(
    private readonly drive: Drive,
    private readonly homeRoot: string,
    private readonly bus: EventBus,
    /** Where the jobs are kept across restarts (none: in memory only). */
    private readonly stateFile?: string,
  ) {
    this.store = stateFile ? importStore(stateFile, () => this.list()) : null;
  }

  /** Lists the jobs of earlier Hangars and takes up those a restart cut, in the background. */
  async resumePersisted(): Promise<Array<{ job: ImportJob; done: Promise<ImportJob> }>> {
    const resumed: Array<{ job: ImportJob; done: Promise<ImportJob> }> = [];
    if (!this.stateFile) return [];
    for (const job of await loadImports(this.stateFile)) {
      this.jobs.set(job.id, job);
      if (job.state !== 'scanning' && job.state !== 'hashing') continue;
      job.resumedAt = Date.now();
      job.state = 'scanning';
      resumed.push({ job, done: this.launch(job) });
    }
    return resumed;
  }

  /** Stops taking up files; running jobs stay unfinished on disk and resume at the next start. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.store?.flushed();
  }

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
    return { job, done: this.launch(job) };
  }

  private launch(job: ImportJob): Promise<ImportJob> {
    this.emit(job);
    return this.run(job).then(
      () => job,
      (error: unknown) => {
        job.state = 'failed';
        job.error = errorMessage(error);
        job.finishedAt = Date.now();
        this.emit(job);
        return job;
      },
    );
  }

  private async run(job: ImportJob): Promise<void> {
    const files: FoundFile[] = [];
    for (const folder of job.folders)
      // An HF cache's blobs are reached through its snapshots, with their real names.
      files.push(...(await scanModelFolder(folder, { skipDirs: (rel) => NOT_MODELS.test(rel) })));
    // A resumed job keeps the files it took before the restart and hashes only the others.
    const taken = new Set(job.imported.map((f) => f.path));
    const todo = files.filter((f) => !taken.has(f.path));
    job.files = files.length;
    job.totalBytes = files.reduce((n, f) => n + f.size, 0);
    job.hashedBytes = files.reduce((n, f) => n + (taken.has(f.path) ? f.size : 0), 0);
    job.state = 'hashing';
    this.emit(job);
    let lastEmit = 0;
    for (const file of todo) {
      if (this.closed) return;
      const sha256 = await hashFile(file.path, (n) => {
        job.hashedBytes += n;
        if (Date.now() - lastEmit > 250) {
          lastEmit = Date.now();
          this.emit(job);
        }
      });
      job.imported.push(await importOne(this.drive, this.homeRoot, file, sha256));
      void this.store?.save();
    }
    job.state = 'done';
    job.finishedAt = Date.now();
    this.emit(job);
  }

  private emit(job: ImportJob): void {
    if (this.closed) return;
    void this.store?.save();
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
