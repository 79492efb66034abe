// What `downloads.*` and `drive.*` answer: download records, drive entries and the drive's usage.
import { z } from 'zod';

export const DOWNLOAD_STATES = [
  'queued',
  'downloading',
  'paused',
  'verifying',
  'done',
  'failed',
  'cancelled',
] as const;

export const downloadRecordSchema = z.object({
  id: z.string(),
  url: z.string(),
  dest: z.string(),
  sha256: z.string().optional(),
  hash: z.boolean().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  runId: z.string().optional(),
  state: z.enum(DOWNLOAD_STATES),
  bytes: z.number(),
  total: z.number().nullable(),
  /** sha256 of the finished file when it was computed. */
  actualSha256: z.string().nullable().optional(),
  /** `status`: the server's HTTP status, when the server answered with an error. */
  error: z
    .object({ code: z.string(), message: z.string(), status: z.number().optional() })
    .optional(),
  createdAt: z.number(),
  finishedAt: z.number().optional(),
});
export type DownloadRecordInfo = z.infer<typeof downloadRecordSchema>;

/** A blob named by its hash, as the Hugging Face cache and the drive store files. */
const HASH_NAME = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/** The last segment of a URL's path, unescaped; empty when the text is not a URL or is escaped badly. */
function urlFileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/**
 * The name a person knows a download by: its file's name, or, for a file stored under its hash (the Hugging Face
 * cache), the name the URL gives it.
 */
export function downloadName(download: { url: string; dest: string }): string {
  const stored = download.dest.split(/[\\/]/).pop() ?? '';
  if (stored && !HASH_NAME.test(stored)) return stored;
  return urlFileName(download.url) || stored || download.url;
}

/** A model in the shared drive: one blob, the names and URLs it came under, and the paths linked to it. */
export const driveEntrySchema = z.object({
  sha256: z.string(),
  size: z.number(),
  kind: z.string(),
  names: z.array(z.string()),
  urls: z.array(z.string()),
  /** Paths linked to the blob, relative to the home root (`api/<app>/…`). */
  refs: z.array(z.string()),
  /** Human path relative to the home root (`drive/models/<kind>s/<name>`). */
  humanPath: z.string().nullable(),
  addedAt: z.number(),
  blobPath: z.string(),
});
export type DriveEntryInfo = z.infer<typeof driveEntrySchema>;

export const driveUsageSchema = z.object({
  /** Bytes of drive blobs each app links to (an app's own share of a blob counts fully). */
  perApp: z.record(z.string(), z.number()),
  /** Bytes actually stored in blobs. */
  storedBytes: z.number(),
  /** Bytes that separate copies would have cost on top of the stored ones. */
  savedBytes: z.number(),
  blobs: z.number(),
});
export type DriveUsageInfo = z.infer<typeof driveUsageSchema>;
