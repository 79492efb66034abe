// The `.part` file of a download and its sidecar (validators that make a resume safe).
import { createReadStream } from 'node:fs';
import { readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import type { Hash } from 'node:crypto';
import { asDiskFull } from '../disk-full';

export interface PartMeta {
  url: string;
  etag?: string;
  lastModified?: string;
  total?: number | null;
  /** sha256 announced by the server (Hugging Face LFS), used when the caller gave none. */
  announcedSha256?: string;
  /** The finished bytes did not match the expected hash: the next start downloads afresh. */
  mismatch?: boolean;
}

export function partPath(dest: string): string {
  return `${dest}.part`;
}

export function metaPath(dest: string): string {
  return `${dest}.part.json`;
}

export async function readMeta(dest: string): Promise<PartMeta | null> {
  try {
    return JSON.parse(await readFile(metaPath(dest), 'utf8')) as PartMeta;
  } catch (error) {
    // Missing or unreadable sidecar: the part cannot be trusted, the caller restarts from zero.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return null;
    throw error;
  }
}

export async function writeMeta(dest: string, meta: PartMeta): Promise<void> {
  try {
    await writeFile(metaPath(dest), JSON.stringify(meta));
  } catch (error) {
    throw await asDiskFull(metaPath(dest), error);
  }
}

export async function removeMeta(dest: string): Promise<void> {
  await rm(metaPath(dest), { force: true });
}

/** Removes the partial bytes of a download and their sidecar. */
export async function removePart(dest: string): Promise<void> {
  await Promise.all([rm(partPath(dest), { force: true }), removeMeta(dest)]);
}

export async function partSize(dest: string): Promise<number> {
  try {
    return (await stat(partPath(dest))).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

export async function resetPart(dest: string): Promise<void> {
  try {
    await truncate(partPath(dest), 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Feeds the first `length` bytes of a file into `hash` (to continue hashing after a resume). */
export async function hashPrefix(
  file: string,
  length: number,
  hash: Hash,
  signal?: AbortSignal,
): Promise<void> {
  if (length === 0) return;
  const stream = createReadStream(file, {
    start: 0,
    end: length - 1,
    highWaterMark: 1 << 20,
    signal,
  });
  for await (const chunk of stream) hash.update(chunk as Buffer);
}

/** A strong validator usable in If-Range (weak ETags are not allowed there). */
export function ifRangeValue(meta: PartMeta): string | undefined {
  if (meta.etag && !meta.etag.startsWith('W/')) return meta.etag;
  return meta.lastModified;
}
