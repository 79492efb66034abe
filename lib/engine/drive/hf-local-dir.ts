// huggingface_hub's bookkeeping in a `local_dir`: `.cache/huggingface/download/<file>.metadata` per file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function localDirMetadataPath(localDir: string, file: string): string {
  return path.join(localDir, '.cache', 'huggingface', 'download', ...file.split('/')) + '.metadata';
}

/**
 * Writes the metadata that makes `hf_hub_download(..., local_dir=...)` accept the file as downloaded
 * at `commit` with `etag`: three lines, commit, etag and a timestamp not older than the file.
 */
export async function writeLocalDirMetadata(
  localDir: string,
  file: string,
  commit: string,
  etag: string,
): Promise<void> {
  const hfDir = path.join(localDir, '.cache', 'huggingface');
  const metadata = localDirMetadataPath(localDir, file);
  await mkdir(path.dirname(metadata), { recursive: true });
  const gitignore = path.join(hfDir, '.gitignore');
  if (!(await stat(gitignore).catch(() => null))) await writeFile(gitignore, '*');
  const fileTime = (await stat(path.join(localDir, ...file.split('/')))).mtimeMs / 1000;
  const timestamp = Math.max(Date.now() / 1000, fileTime);
  const tmp = `${metadata}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, `${commit}\n${etag}\n${timestamp}\n`, { flush: true });
  await rename(tmp, metadata);
}
