// Response helpers for downloads: the announced sha256, small HTML answers, and a loss-free body writer.
import { open } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { EngineError } from '../errors';
import type { Hop } from './http-open';

const SHA256_RE = /^[0-9a-f]{64}$/;

/** sha256 a server announced for the content (HF: X-Linked-Etag on the resolve hop, or an LFS ETag). */
export function announcedSha256(hops: Hop[]): string | undefined {
  for (const hop of hops) {
    for (const name of ['x-linked-etag', 'etag']) {
      const raw = hop.headers[name];
      const value = typeof raw === 'string' ? raw.replace(/^W\//, '').replace(/"/g, '').toLowerCase() : '';
      if (SHA256_RE.test(value)) return value;
    }
  }
  return undefined;
}

export const HTML_LIMIT = 4 << 20;

export async function readSmallText(res: NodeJS.ReadableStream & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > HTML_LIMIT) {
      res.destroy();
      throw new EngineError('network', `Expected a file but got an HTML page larger than ${HTML_LIMIT} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Bytes gathered before a write, and the most held in memory before the socket is paused. */
const BATCH = 1 << 20;
const HIGH_WATER = 4 << 20;

/**
 * Writes the body into the part file in large vectored writes (fewer syscalls than one per socket
 * read). When the connection breaks, every byte already received is still written, so the next
 * attempt resumes from all of them.
 */
export function writeBody(res: IncomingMessage, part: string, append: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const opened = open(part, append ? 'a' : 'w');
    let chunks: Buffer[] = [];
    let size = 0;
    let writing = false;
    let ended = false;
    let failure: unknown = null;
    let writeError: unknown = null;
    let settled = false;
    // Bytes of a slow or stalled transfer reach the disk within this delay even below a full batch.
    let idle: NodeJS.Timeout | null = null;

    const settle = (): void => {
      if (settled) return;
      settled = true;
      opened
        .then((fh) => fh.close())
        .then(
          () => (writeError || failure ? reject(writeError ?? failure) : resolve()),
          (error: unknown) => reject(writeError ?? failure ?? error),
        );
    };
    const flush = (): void => {
      if (idle) clearTimeout(idle);
      idle = null;
      if (writing || settled) return;
      if (chunks.length === 0 || writeError) {
        if (ended || failure || writeError) settle();
        return;
      }
      const batch = chunks;
      chunks = [];
      size = 0;
      writing = true;
      opened
        .then((fh) => fh.writev(batch))
        .then(
          () => {
            writing = false;
            if (res.isPaused() && !ended) res.resume();
            flush();
          },
          (error: unknown) => {
            writing = false;
            writeError = error;
            res.destroy();
            flush();
          },
        );
    };
    opened.catch((error: unknown) => {
      writeError ??= error;
      res.destroy();
    });
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= BATCH) flush();
      else idle ??= setTimeout(flush, 100);
      if (size >= HIGH_WATER) res.pause();
    });
    res.on('end', () => {
      ended = true;
      flush();
    });
    res.on('error', (error) => {
      failure ??= error;
      flush();
    });
    res.on('close', () => {
      if (!res.complete) failure ??= new Error('connection closed early');
      ended = true;
      flush();
    });
  });
}
