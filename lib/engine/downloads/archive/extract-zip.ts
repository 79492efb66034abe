// Extracts a .zip from its central directory: every entry is checked before anything is written.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createInflateRaw, crc32, inflateRaw, inflateRawSync } from 'node:zlib';
import { EngineError, errorMessage } from '../../errors';
import { checkSymlink, entryTarget } from './entry-guard';
import { ContainedTree, WRITE_NOFOLLOW, writeNoFollow } from './contained-tree';
import { WriteWindow } from './write-window';
import { dataOffset, readAt, readZipDirectory, type ZipEntry } from './zip-directory';

export interface ZipExtractOptions {
  strip?: number;
  signal?: AbortSignal;
}

const inflate = promisify(inflateRaw);
/** Below this, inflating on the main thread costs less than the round trip to libuv's pool. */
const TINY_ENTRY = 64 << 10;
/** Small entries are read in runs of up to this many bytes: one read instead of one per file. */
const GROUP_BYTES = 4 << 20;
/** Entries up to this size are read and inflated in one call (zlib on libuv's pool); larger ones stream. */
const SMALL_ENTRY = 4 << 20;

interface Planned {
  entry: ZipEntry;
  rel: string;
}

function unsupported(file: string, entry: ZipEntry, why: string): EngineError {
  return new EngineError('unsupported', `${path.basename(file)}: entry "${entry.name}" ${why}`, {
    details: { file, entry: entry.name },
  });
}

/** Bytes of the zip already read into memory, starting at file offset `start`. */
interface Span {
  start: number;
  buf: Buffer;
}

/** Bytes an entry's local header and data take, assuming a local extra field of at most 64 bytes. */
function footprint(entry: ZipEntry): number {
  return 30 + Buffer.byteLength(entry.name) + 64 + entry.compressedSize;
}

/** Bytes of a small entry (from `span` when it covers them, else one read), inflated and CRC-checked. */
async function entryBytes(
  fh: FileHandle,
  file: string,
  entry: ZipEntry,
  span?: Span,
): Promise<Buffer> {
  const guess = footprint(entry);
  const from = entry.localHeaderOffset - (span?.start ?? 0);
  const chunk =
    span && from >= 0 && from + 30 <= span.buf.length
      ? span.buf.subarray(from, Math.min(span.buf.length, from + guess))
      : await readAt(fh, entry.localHeaderOffset, guess);
  let raw: Buffer;
  const start = chunk.length >= 30 ? 30 + chunk.readUInt16LE(26) + chunk.readUInt16LE(28) : guess;
  if (
    chunk.length >= 30 &&
    chunk.readUInt32LE(0) === 0x04034b50 &&
    start + entry.compressedSize <= chunk.length
  ) {
    raw = chunk.subarray(start, start + entry.compressedSize);
  } else {
    raw = await readAt(fh, await dataOffset(fh, entry, file), entry.compressedSize);
  }
  const data =
    entry.method === 0
      ? raw
      : entry.compressedSize <= TINY_ENTRY
        ? inflateRawSync(raw)
        : await inflate(raw);
  if (data.length !== entry.size || crc32(data) !== entry.crc32) {
    throw new EngineError(
      'archive_unsafe',
      `${path.basename(file)}: entry "${entry.name}" is corrupt (size or CRC mismatch)`,
    );
  }
  return data;
}

/** Small entries in file order, cut into runs that one read of at most GROUP_BYTES covers. */
function groupsOf(small: Planned[]): Planned[][] {
  const sorted = [...small].sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset);
  const groups: Planned[][] = [];
  let current: Planned[] = [];
  for (const item of sorted) {
    const start = current[0]?.entry.localHeaderOffset ?? item.entry.localHeaderOffset;
    if (
      current.length > 0 &&
      item.entry.localHeaderOffset + footprint(item.entry) - start > GROUP_BYTES
    ) {
      groups.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** A large entry straight from the zip through inflate into its file. */
async function streamEntry(
  fh: FileHandle,
  file: string,
  entry: ZipEntry,
  target: string,
): Promise<void> {
  const start = await dataOffset(fh, entry, file);
  const input = createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  const out = (await open(target, WRITE_NOFOLLOW, entry.mode & 0o777 || 0o644)).createWriteStream({
    highWaterMark: 1 << 20,
  });
  if (entry.method === 8) await pipeline(input, createInflateRaw(), out);
  else await pipeline(input, out);
}

export async function extractZip(
  zipFile: string,
  dir: string,
  options: ZipExtractOptions = {},
): Promise<number> {
  const fh = await open(zipFile, 'r');
  const window = new WriteWindow();
  try {
    const entries = await readZipDirectory(fh, zipFile);
    const strip = options.strip ?? 0;
    const planned: Planned[] = [];
    const links: { name: string; rel: string; target: string }[] = [];
    for (const entry of entries) {
      const rel = entryTarget(entry.name, strip);
      if (rel === null) continue;
      if (entry.flags & 0x1) throw unsupported(zipFile, entry, 'is encrypted');
      if (!entry.isDirectory && entry.method !== 0 && entry.method !== 8)
        throw unsupported(
          zipFile,
          entry,
          `uses compression method ${entry.method} (only stored and deflate are supported)`,
        );
      if (entry.isSymlink) {
        const target = (await entryBytes(fh, zipFile, entry)).toString('utf8');
        checkSymlink(entry.name, rel, target);
        links.push({ name: entry.name, rel, target });
      } else planned.push({ entry, rel });
    }
    const tree = await ContainedTree.open(dir);
    const small: Planned[] = [];
    for (const item of planned) {
      const name = item.entry.name;
      if (item.entry.isDirectory) window.add(tree.folder(name, item.rel), 0);
      else if (item.entry.compressedSize <= SMALL_ENTRY) small.push(item);
      else {
        options.signal?.throwIfAborted();
        window.add(
          tree.place(name, item.rel).then((target) => streamEntry(fh, zipFile, item.entry, target)),
          2 * SMALL_ENTRY,
        );
        await window.room();
      }
    }
    for (const group of groupsOf(small)) {
      options.signal?.throwIfAborted();
      const first = group[0].entry.localHeaderOffset;
      const last = group[group.length - 1].entry;
      const length = last.localHeaderOffset + footprint(last) - first;
      const work = readAt(fh, first, length).then((buf) =>
        Promise.all(
          group.map(async ({ entry, rel }) => {
            const target = await tree.place(entry.name, rel);
            await writeNoFollow(
              target,
              await entryBytes(fh, zipFile, entry, { start: first, buf }),
              entry.mode & 0o777 || 0o644,
            );
          }),
        ),
      );
      window.add(work, 2 * length);
      await window.room();
    }
    await window.drain();
    // Symlinks last and one at a time, so no file is written through one, and each is checked against those before it.
    for (const l of links) await tree.symlink(l.name, l.rel, l.target);
    await tree.verifyLinks();
    return planned.length + links.length;
  } catch (error) {
    // Let writes already started finish (or fail) before the caller removes the staging folder.
    await window.drain().catch(() => undefined);
    if (error instanceof EngineError) throw error;
    if (options.signal?.aborted)
      throw new EngineError('cancelled', `Extraction of ${zipFile} was cancelled`);
    throw new EngineError(
      'archive_unsafe',
      `Could not extract ${zipFile}: ${errorMessage(error)}`,
      { cause: error },
    );
  } finally {
    await fh.close();
  }
}
