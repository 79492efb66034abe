// The downloads panel's store read back from the server's queue: new records are added, a download shown as moving
// whose stopping event was lost takes the server's state, and an event that arrived after the question wins.
import { describe, expect, it } from 'vitest';
import { currentDownloads, seedDownloads } from '../../../lib/client/live-stores';
import type { DownloadRecordInfo } from '../../../lib/shared/downloads';

const record = (id: string, state: DownloadRecordInfo['state']): DownloadRecordInfo => ({
  id,
  url: `http://127.0.0.1:1/${id}`,
  dest: `drive/models/${id}`,
  state,
  bytes: 0,
  total: null,
  createdAt: Date.now(),
  ...(state === 'failed'
    ? { finishedAt: Date.now(), error: { code: 'http', message: 'HTTP 404' } }
    : {}),
});
const stateOf = (id: string) => currentDownloads().find((d) => d.id === id)?.state;

describe('seedDownloads', () => {
  it('adds the queue, corrects a lost stop, and keeps an event newer than the question', () => {
    seedDownloads([record('a', 'downloading'), record('b', 'queued')]);
    expect([stateOf('a'), stateOf('b')]).toEqual(['downloading', 'queued']);

    // Asked while both showed as moving; the server has since seen a fail (its event lost).
    const asked = currentDownloads();
    seedDownloads([record('a', 'failed'), record('b', 'queued')], Date.now(), asked);
    expect(stateOf('a')).toBe('failed');
    expect(currentDownloads().find((d) => d.id === 'a')?.error).toBe('HTTP 404');

    // An answer older than the list it would correct is not taken.
    seedDownloads([record('b', 'cancelled')], Date.now(), []);
    expect(stateOf('b')).toBe('queued');
    expect(currentDownloads().filter((d) => d.id === 'a')).toHaveLength(1);
  });
});
