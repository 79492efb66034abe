// Reads a byte range of a rotated log (`x.log.N` … `x.log.1`, `x.log`) as one stream addressed by logical offsets.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface LogRange {
  /** Text of the range (whole lines unless the range reaches the end). */
  text: string;
  /** Logical offset the text starts at (the requested one, or the first byte still on disk). */
  offset: number;
  /** Logical offset right after the text: ask from here for the next page. */
  next: number;
  /** Logical size of the log when it was read (bytes ever written, with rotated-away ones). */
  size: number;
  /** First logical offset still on disk (bytes before it were rotated away). */
  start: number;
}

export interface LogRangeRequest {
  offset?: number;
  maxBytes?: number;
  /** Bytes ever written, when known (a live writer or a run's record); defaults to what is on disk. */
  total?: number;
  /** Rotated files that may exist besides the current one (default 3). */
  keep?: number;
}

interface Segment {
  file: string;
  bytes: number;
}

function segments(file: string, keep: number): Segment[] {
  const list: Segment[] = [];
  for (let i = keep; i >= 0; i -= 1) {
    const name = i === 0 ? file : `${file}.${i}`;
    try {
      list.push({ file: name, bytes: statSync(name).size });
    } catch {
      // This rotation slot is empty (or the run wrote nothing yet).
    }
  }
  return list;
}

/** Bytes of the log on disk, rotated files included. */
export function logBytesOnDisk(file: string, keep = 3): number {
  return segments(file, keep).reduce((sum, s) => sum + s.bytes, 0);
}

/**
 * Synchronous on purpose: the writer is synchronous too, so a read never sees a rotation half done and the
 * size it reports matches the last chunk committed when it ran. Pages are bounded by `maxBytes`.
 */
export function readLogRange(file: string, request: LogRangeRequest = {}): LogRange {
  const parts = segments(file, request.keep ?? 3);
  const onDisk = parts.reduce((sum, s) => sum + s.bytes, 0);
  const size = Math.max(request.total ?? onDisk, onDisk);
  const start = size - onDisk;
  const from = Math.min(Math.max(request.offset ?? 0, start), size);
  const end = Math.min(size, from + Math.max(1, request.maxBytes ?? 1024 * 1024));
  const buffer = Buffer.alloc(end - from);
  let filled = 0;
  let at = start;
  for (const part of parts) {
    const lo = Math.max(from, at);
    const hi = Math.min(end, at + part.bytes);
    if (lo < hi) filled += readInto(part.file, buffer, filled, lo - at, hi - lo);
    at += part.bytes;
  }
  let length = filled;
  if (from + length < size) length = cutPoint(buffer, length);
  return {
    text: buffer.toString('utf8', 0, length),
    offset: from,
    next: from + length,
    size,
    start,
  };
}

function readInto(
  file: string,
  buffer: Buffer,
  at: number,
  position: number,
  length: number,
): number {
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, at + done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  } finally {
    closeSync(fd);
  }
}

/** A page that stops before the end ends after its last newline, or else on a UTF-8 character boundary. */
function cutPoint(buffer: Buffer, length: number): number {
  const newline = buffer.lastIndexOf(0x0a, length - 1);
  if (newline >= 0) return newline + 1;
  let lead = length - 1;
  while (lead > 0 && (buffer[lead]! & 0xc0) === 0x80) lead -= 1;
  const byte = buffer[lead] ?? 0;
  const width = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return lead + width <= length ? length : lead;
}
