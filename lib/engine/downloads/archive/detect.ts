// Recognises archive formats by file name, or by their first bytes when the name says nothing.
import { open } from 'node:fs/promises';

export type ArchiveKind = 'zip' | 'tar.gz' | 'tar.xz' | 'tar';

const BY_SUFFIX: [string, ArchiveKind][] = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.tar.xz', 'tar.xz'],
  ['.txz', 'tar.xz'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
];

/** Archive kind named by a file name or URL path, or null. */
export function archiveKindOf(name: string): ArchiveKind | null {
  const lower = name.toLowerCase().split(/[?#]/)[0];
  for (const [suffix, kind] of BY_SUFFIX) if (lower.endsWith(suffix)) return kind;
  return null;
}

/** Archive kind from magic bytes: zip (PK), gzip (1f 8b), xz (fd 37 7a 58 5a 00), tar (ustar at 257). */
export async function sniffArchiveKind(file: string): Promise<ArchiveKind | null> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buf, 0, 512, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
      return 'tar.xz';
    if (bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
    return null;
  } finally {
    await handle.close();
  }
}
