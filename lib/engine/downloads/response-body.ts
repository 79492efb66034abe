// Response helpers for downloads: the announced sha256, whole small bodies, and a loss-free body writer.
import { diskFullError, isDiskFull } from '../disk-full';
import { EngineError, errorMessage } from '../errors';
import type { Hop } from './http-open';
import { FileWriter } from './wire/file-writer';
import type { WireResponse } from './wire/response';

const SHA256_RE = /^[0-9a-f]{64}$/;

/** sha256 a server announced for the content (HF: X-Linked-Etag on the resolve hop, or an LFS ETag). */
export function announcedSha256(hops: Hop[]): string | undefined {
  for (const hop of hops) {
    for (const name of ['x-linked-etag', 'etag']) {
      const raw = hop.headers[name];
      const value =
        typeof raw === 'string' ? raw.replace(/^W\//, '').replace(/"/g, '').toLowerCase() : '';
      if (SHA256_RE.test(value)) return value;
    }
  }
  return undefined;
}

export const HTML_LIMIT = 4 << 20;

/** The part file could not be opened or written (a full disk, a read-only folder): retrying cannot help. */
export class PartWriteError extends Error {
  constructor(
    readonly file: string,
    readonly error: unknown,
  ) {
    super(`could not write ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

/** What a download reports for a PartWriteError: `disk_full` when the disk is full, else an error naming the file. */
export async function partWriteFailure(failure: PartWriteError, url: string): Promise<EngineError> {
  if (isDiskFull(failure.error)) return diskFullError(failure.file, failure.error);
  return new EngineError(
    'internal',
    `Download of ${url} could not write ${failure.file}: ${errorMessage(failure.error)}`,
    {
      details: { path: failure.file },
      cause: failure.error,
    },
  );
}

/** The whole body, or null when it is larger than `limit` bytes (the connection is then dropped). */
export function readBody(res: WireResponse, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    res.consume({
      data(chunk, slab) {
        size += chunk.length;
        if (size > limit) {
          tooLarge = true;
          res.destroy();
          return;
        }
        chunks.push(slab === null ? chunk : Buffer.from(chunk));
      },
      end: () => resolve(Buffer.concat(chunks)),
      fail: (error) => (tooLarge ? resolve(null) : reject(error)),
    });
  });
}

export async function readSmallText(res: WireResponse): Promise<string> {
  const body = await readBody(res, HTML_LIMIT);
  if (body === null) {
    throw new EngineError(
      'network',
      `Expected a file but got an HTML page larger than ${HTML_LIMIT} bytes`,
    );
  }
  return body.toString('utf8');
}

/**
 * Writes the body into the part file (from its start, or appended), calling `onChunk` with every slice
 * (count, hash) while its bytes are valid. When the connection breaks, every byte already received is
 * still written before the promise rejects, so the next attempt resumes from all of them. A failure of the file
 * itself rejects with a PartWriteError, whatever the connection did.
 */
export async function writeBody(
  res: WireResponse,
  part: string,
  append: boolean,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  let writer: FileWriter;
  try {
    writer = await FileWriter.open(part, append, res);
  } catch (error) {
    res.destroy();
    throw new PartWriteError(part, error);
  }
  // The connection may report its end more than once (an abort during a slice): the file is closed once.
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= writer.close());
  await new Promise<void>((resolve, reject) => {
    res.consume({
      // Queued first: a cancel triggered by the progress report of this very slice still writes it.
      data(chunk, slab) {
        writer.push(chunk, slab);
        onChunk(chunk);
      },
      // Both outcomes of closing settle the outer promise, so nothing is left to await here.
      end: () => {
        void close().then(resolve, (error: unknown) => reject(new PartWriteError(part, error)));
      },
      fail: (error) => {
        void close().then(
          () => reject(error),
          (writeError: unknown) => reject(new PartWriteError(part, writeError)),
        );
      },
    });
  });
}
