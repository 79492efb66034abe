// The download queue persisted in the home (`cache/state/downloads.json`), so downloads survive a restart.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HomeLayout } from '../home';
import { writeJsonAtomic } from '../home';
import type { DownloadRecord } from './types';

const KEEP_FINISHED = 200;

export function queueFile(home: HomeLayout): string {
  return path.join(home.state, 'downloads.json');
}

export async function loadQueue(home: HomeLayout): Promise<DownloadRecord[]> {
  try {
    const parsed = JSON.parse(await readFile(queueFile(home), 'utf8')) as { downloads?: DownloadRecord[] };
    return Array.isArray(parsed.downloads) ? parsed.downloads : [];
  } catch (error) {
    // No queue yet, or a corrupt one: start empty (the .part files stay and resume on the next request).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return [];
    throw error;
  }
}

/** Writes the queue, dropping the oldest finished records beyond a fixed number. Never stores credentials. */
export async function saveQueue(home: HomeLayout, records: DownloadRecord[]): Promise<void> {
  const active = records.filter((r) => r.state === 'queued' || r.state === 'downloading' || r.state === 'verifying');
  const finished = records.filter((r) => !active.includes(r)).slice(-KEEP_FINISHED);
  const keep = new Set([...active, ...finished]);
  await writeJsonAtomic(queueFile(home), { version: 1, downloads: records.filter((r) => keep.has(r)) });
}
