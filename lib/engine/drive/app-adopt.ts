// Takes the model files an app downloaded by itself into its own folder into the drive, by hash.
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { guessKind, type ModelKind } from './catalogue';
import type { Drive } from './drive';
import { hashFile } from './folder-import';
import { scanModelFolder } from './folder-scan';
import { NOT_MODELS } from './pinokio-home';

export interface AdoptedFile {
  /** Path relative to the home. */
  path: string;
  sha256: string;
  size: number;
  kind: ModelKind;
  /** Whether the drive already held these bytes (the app's copy was replaced by a link: bytes freed). */
  duplicate: boolean;
}

/** Model files under `appDir` that are real files not linked to the drive yet; each is adopted (moved in, linked back). */
export async function adoptAppFiles(
  drive: Drive,
  homeRoot: string,
  appDir: string,
): Promise<AdoptedFile[]> {
  const adopted: AdoptedFile[] = [];
  const files = await scanModelFolder(appDir, { skipDirs: (rel) => NOT_MODELS.test(rel) });
  for (const file of files) {
    const l = await lstat(file.path);
    // Links (to the drive, the HF cache or elsewhere) and files that are already blobs are left alone.
    if (l.isSymbolicLink() || l.nlink > 1) continue;
    const sha256 = await hashFile(file.path);
    const known = await stat(drive.blobPath(sha256)).then(
      () => true,
      () => false,
    );
    const rel = path.relative(homeRoot, file.path).split(path.sep).join('/');
    await drive.adopt(file.path, { sha256, kind: guessKind(rel) });
    adopted.push({ path: rel, sha256, size: file.size, kind: guessKind(rel), duplicate: known });
  }
  return adopted;
}
