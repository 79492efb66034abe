// One file for a step: linked from the drive when known, else downloaded (bound to the run) and stored once.
// A download paused in the panel keeps the step waiting; one cancelled there fails it.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { isModelFile } from '../../drive';
import { explainCancel } from './cancel-message';
import type { StepContext } from '../types';
import type { DownloadServices } from './services';
import { managedDownload } from './managed-download';
import { fetchShared } from './shared-fetch';

export interface FetchOneRequest {
  url: string;
  dest: string;
  sha256?: string;
  headers?: Record<string, string>;
  /** Store in the drive even when the extension does not look like model weights. */
  share?: boolean;
  /** Size in bytes when known beforehand (an LFS size): the disk is checked before the request. */
  size?: number;
}

export interface FetchOneResult {
  path: string;
  bytes: number;
  sha256: string | null;
  /** existing: left as it was; drive: linked from the store with no transfer; download: fetched. */
  source: 'existing' | 'drive' | 'download';
}

export async function fetchOne(
  ctx: StepContext,
  services: DownloadServices,
  request: FetchOneRequest,
): Promise<FetchOneResult> {
  const { url, dest } = request;
  const name = path.basename(dest);
  const existing = await lstat(dest).catch(() => null);
  const shared = request.share ?? isModelFile(dest);
  if (existing && !request.sha256) {
    if (shared && existing.isFile() && existing.nlink === 1) {
      // A model that is not in the drive yet (copied in by hand, or finished by a resumed download): store it once now.
      const { entry } = await services.drive.adopt(dest, { url });
      ctx.log(`${name}: already present, added to the drive (sha256 ${entry.sha256})\r\n`, 'info');
      return { path: dest, bytes: existing.size, sha256: entry.sha256, source: 'existing' };
    }
    ctx.log(`${name}: already present, skipped\r\n`, 'info');
    return { path: dest, bytes: existing.size, sha256: null, source: 'existing' };
  }
  if (shared && !existing) return fetchShared(ctx, services, request);
  try {
    const result = await managedDownload(ctx, services, request, {
      hash: shared,
      signal: ctx.signal,
    });
    if (shared && !result.skipped)
      await services.drive.adopt(dest, { sha256: result.actualSha256, url });
    return {
      path: dest,
      bytes: result.bytes,
      sha256: result.actualSha256 ?? null,
      source: result.skipped ? 'existing' : 'download',
    };
  } catch (error) {
    throw explainCancel(error, name, url, ctx.signal);
  }
}
