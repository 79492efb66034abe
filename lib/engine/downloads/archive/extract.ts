// Extracts an archive into a folder through a staging folder, so a rejected archive writes nothing.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../../errors';
import { moveMerge } from '../move-merge';
import { archiveKindOf, sniffArchiveKind, type ArchiveKind } from './detect';
import { extractTar } from './extract-tar';
import { extractZip } from './extract-zip';

export interface ExtractOptions {
  file: string;
  dest: string;
  /** Format; by default from the file name, then from the first bytes. */
  kind?: ArchiveKind;
  /** Leading folders removed from every entry (GitHub's `repo-branch/` is `strip: 1`). */
  strip?: number;
  signal?: AbortSignal;
}

export interface ExtractResult {
  kind: ArchiveKind;
  entries: number;
}

export async function extractArchive(options: ExtractOptions): Promise<ExtractResult> {
  const kind =
    options.kind ?? archiveKindOf(options.file) ?? (await sniffArchiveKind(options.file));
  if (!kind) {
    throw new EngineError(
      'unsupported',
      `${path.basename(options.file)} is not a recognised archive (zip, tar.gz, tgz, tar.xz, tar)`,
      {
        details: { file: options.file },
      },
    );
  }
  await mkdir(options.dest, { recursive: true });
  const staging = await mkdtemp(path.join(options.dest, '.hangar-extract-'));
  try {
    const common = { strip: options.strip, signal: options.signal };
    const entries =
      kind === 'zip'
        ? await extractZip(options.file, staging, common)
        : await extractTar(options.file, staging, {
            ...common,
            compression: kind === 'tar.gz' ? 'gzip' : kind === 'tar.xz' ? 'xz' : 'none',
          });
    for (const name of await readdir(staging)) {
      await moveMerge(path.join(staging, name), path.join(options.dest, name), { overwrite: true });
    }
    return { kind, entries };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
