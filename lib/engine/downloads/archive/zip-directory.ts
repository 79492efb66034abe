// Reads a zip's central directory (zip64 included) in one pass, and locates each entry's data.
import { read } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { EngineError } from '../../errors';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Unix mode from the external attributes (0 when the zip was made elsewhere). */
  mode: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  isSymlink: boolean;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function bad(file: string, why: string): EngineError {
  return new EngineError('archive_unsafe', `${file} is not a readable zip: ${why}`, {
    details: { file },
  });
}

const readFd = promisify(read);

/** Reads `length` bytes at `position` (short at the end of the file), through the cheaper fd-based API. */
async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readFd(fh.fd, buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** Where the central directory is, from the end record (and the zip64 end record when present). */
async function locate(
  fh: FileHandle,
  size: number,
  file: string,
): Promise<{ offset: number; length: number; count: number }> {
  const tailLength = Math.min(size, 22 + 0xffff + 20);
  const tail = await readAt(fh, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw bad(file, 'no end of central directory record');
  let count = tail.readUInt16LE(at + 10);
  let length = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (at >= 20 && tail.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
    const record = await readAt(fh, Number(tail.readBigUInt64LE(at - 20 + 8)), 56);
    if (record.readUInt32LE(0) !== EOCD64) throw bad(file, 'broken zip64 end record');
    count = Number(record.readBigUInt64LE(32));
    length = Number(record.readBigUInt64LE(40));
    offset = Number(record.readBigUInt64LE(48));
  }
  return { offset, length, count };
}

/** zip64 extra field (0x0001): the 64-bit values of the fields whose 32-bit value is 0xffffffff. */
function applyZip64(extra: Buffer, entry: ZipEntry): void {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      const next = (): number => {
        const v = Number(extra.readBigUInt64LE(p));
        p += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    i += 4 + len;
  }
}

export async function readZipDirectory(fh: FileHandle, file: string): Promise<ZipEntry[]> {
  const { size } = await fh.stat();
  const where = await locate(fh, size, file);
  const cd = await readAt(fh, where.offset, where.length);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < where.count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw bad(file, `central directory entry ${n} is damaged`);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const flags = cd.readUInt16LE(p + 8);
    const nameBuf = cd.subarray(p + 46, p + 46 + nameLength);
    const name = flags & 0x800 ? nameBuf.toString('utf8') : nameBuf.toString('latin1');
    const madeBy = cd.readUInt8(p + 5);
    const mode = madeBy === 3 ? cd.readUInt32LE(p + 38) >>> 16 : 0;
    const entry: ZipEntry = {
      name,
      method: cd.readUInt16LE(p + 10),
      flags,
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      mode,
      localHeaderOffset: cd.readUInt32LE(p + 42),
      isDirectory: name.endsWith('/') || (mode & 0o170000) === 0o040000,
      isSymlink: (mode & 0o170000) === 0o120000,
    };
    applyZip64(cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Offset of an entry's compressed bytes (after its local header, whose lengths may differ from the central one). */
export async function dataOffset(fh: FileHandle, entry: ZipEntry, file: string): Promise<number> {
  const head = await readAt(fh, entry.localHeaderOffset, 30);
  if (head.length < 30 || head.readUInt32LE(0) !== LOCAL)
    throw bad(file, `local header of "${entry.name}" is missing`);
  return entry.localHeaderOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
}

export { readAt };
