// The download queue persisted in the home (`cache/state/downloads.json`), so downloads survive a restart.
import path from 'node:path';
import { z } from 'zod';
import { DOWNLOAD_STATES } from '../../shared/downloads';
import { errorMessage } from '../errors';
import type { HomeLayout } from '../home';
import { writeJsonAtomic } from '../state-file';
import { readStateFileOr } from '../state-file-read';
import type { DownloadRecord } from './types';

const KEEP_FINISHED = 200;

export function queueFile(home: HomeLayout): string {
  return path.join(home.state, 'downloads.json');
}

/** The shape downloads.json must have. */
export const queueFileSchema = z.object({
  version: z.literal(1),
  downloads: z.array(
    z
      .object({
        id: z.string().min(1),
        url: z.string().min(1),
        dest: z.string().min(1),
        sha256: z.string().optional(),
        hash: z.boolean().optional(),
        headers: z.record(z.string(), z.string()).optional(),
        runId: z.string().optional(),
        app: z.string().optional(),
        state: z.enum(DOWNLOAD_STATES),
        bytes: z.number().nonnegative(),
        total: z.number().nonnegative().nullable(),
        actualSha256: z.string().nullable().optional(),
        error: z
          .object({ code: z.string(), message: z.string(), status: z.number().optional() })
          .optional(),
        createdAt: z.number(),
        finishedAt: z.number().optional(),
      })
      .passthrough(),
  ),
});

/**
 * The persisted queue. A corrupt one is moved aside and reported (stderr and the doctor), and the queue starts
 * empty: the .part files stay and resume on the next request for them.
 */
export async function loadQueue(home: HomeLayout): Promise<DownloadRecord[]> {
  return (await readStateFileOr(queueFile(home), queueFileSchema, { version: 1, downloads: [] }))
    .downloads;
}

/**
 * Writes the queue, dropping the oldest finished records beyond a fixed number (paused ones are kept). Never
 * stores credentials.
 */
export async function saveQueue(home: HomeLayout, records: DownloadRecord[]): Promise<void> {
  const active = records.filter(
    (r) =>
      r.state === 'queued' ||
      r.state === 'downloading' ||
      r.state === 'paused' ||
      r.state === 'verifying',
  );
  const finished = records.filter((r) => !active.includes(r)).slice(-KEEP_FINISHED);
  const keep = new Set([...active, ...finished]);
  await writeJsonAtomic(queueFile(home), {
    version: 1,
    downloads: records.filter((r) => keep.has(r)),
  });
}

/**
 * Queued writes of downloads.json. A failed write (a full disk) is reported on stderr and never fails a
 * download nor blocks the next write: the next change writes the whole queue again.
 */
export class QueueWriter {
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly home: HomeLayout,
    private readonly ready: Promise<void>,
    private readonly records: () => DownloadRecord[],
  ) {}

  write(): Promise<void> {
    const write = async (): Promise<void> => {
      await this.ready;
      await saveQueue(this.home, this.records());
    };
    this.saving = this.saving.then(write, write).catch((error: unknown) => {
      console.error(`hangar: the download queue was not saved: ${errorMessage(error)}`);
    });
    return this.saving;
  }

  flushed(): Promise<void> {
    return this.saving;
  }
}
