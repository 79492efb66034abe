// Takes a user's models folder into the drive in place: hashes each file, links it in, copies 0 bytes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, lstat, mkdir, realpath, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { blobEntry, guessKind, kindFolder, type BlobEntry, type ModelKind } from './catalogue';
import type { Drive } from './drive';
import type { FoundFile } from './folder-scan';

export interface ImportedFile {
  path: string;
  sha256: string;
  size: number;
  kind: ModelKind;
  /** hardlink: the store links the same inode; external: the catalogue points at the original; known: already in the drive. */
  how: 'hardlink' | 'external' | 'known';
}

export async function hashFile(file: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return hash.digest('hex');
}

const exists = (p: string) =>
  lstat(p).then(
    () => true,
    () => false,
  );

/** Takes one found file into the drive without touching it: hardlink into the store, else record it as external. */
export async function importOne(
  drive: Drive,
  homeRoot: string,
  file: FoundFile,
  sha256: string,
): Promise<ImportedFile> {
  const original = await realpath(file.path);
  const kind = guessKind(file.rel);
  return drive.withCatalogue(async (data) => {
    const blob = drive.blobPath(sha256);
    await mkdir(drive.blobsDir, { recursive: true });
    const existing = blobEntry(data, sha256);
    let how: ImportedFile['how'] = 'known';
    if (!(await exists(blob))) {
      const [fileDev, storeDev] = [(await stat(original)).dev, (await stat(drive.blobsDir)).dev];
      how = 'external';
      if (fileDev === storeDev) {
        // A hardlink is the same inode under a second name: no byte is copied, the user's file stays as it is.
        await link(original, blob).then(
          () => (how = 'hardlink'),
          (error: NodeJS.ErrnoException) => {
            if (!['EPERM', 'EXDEV', 'ENOTSUP', 'EACCES'].includes(error.code ?? '')) throw error;
          },
        );
      }
    }
    const name = path.basename(file.rel);
    const entry: BlobEntry = existing ?? {
      sha256,
      size: file.size,
      kind,
      names: [],
      urls: [],
      refs: [],
      humanPath: null,
      addedAt: Date.now(),
    };
    entry.origins = [...new Set([...(entry.origins ?? []), original])];
    if (!entry.names.includes(name)) entry.names.push(name);
    if (!entry.humanPath) entry.humanPath = await humanLink(drive, homeRoot, entry, name, original);
    data.blobs[sha256] = entry;
    return { path: file.path, sha256, size: file.size, kind: entry.kind, how };
  });
}

/** `drive/models/<kind>s/<name>`: a hardlink of the blob when stored, else a symlink to the original. */
async function humanLink(
  drive: Drive,
  homeRoot: string,
  entry: BlobEntry,
  name: string,
  original: string,
): Promise<string> {
  const dir = path.join(drive.root, 'models', kindFolder(entry.kind));
  await mkdir(dir, { recursive: true });
  let target = path.join(dir, name);
  if (await exists(target)) {
    const ext = path.extname(name);
    target = path.join(dir, `${path.basename(name, ext)}-${entry.sha256.slice(0, 8)}${ext}`);
  }
  if (!(await exists(target))) {
    const blob = drive.blobPath(entry.sha256);
    if (await exists(blob)) await link(blob, target).catch(() => symlink(blob, target));
    else await symlink(original, target);
  }
  return path.relative(homeRoot, target).split(path.sep).join('/');
}
