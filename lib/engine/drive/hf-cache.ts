// The Hugging Face cache layout huggingface_hub reads: blobs by etag, snapshots linking to them, refs, .no_exist.
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';

export type HfCacheRepoType = 'model' | 'dataset' | 'space';

/** An HTTP ETag as a file name, as huggingface_hub makes it: a leading `W/` and the quotes dropped. */
export function normalizeEtag(etag: string): string {
  return etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"+|"+$/g, '');
}

/** A revision written as a full 40-hex commit hash (no ref is written for it). */
export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/** `models--org--name`: the folder of a repo under `<HF_HOME>/hub`. */
export function repoFolderName(type: HfCacheRepoType, repo: string): string {
  return [`${type}s`, ...repo.split('/')].join('--');
}

/** Repo paths use `/`; each part must be a plain name (no `..`, no empty part, no absolute path). */
function repoPathParts(file: string): string[] {
  const parts = file.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\')))
    throw new EngineError(
      'path_escape',
      `"${file}" is not a valid file path inside a Hugging Face repository`,
    );
  return parts;
}

/** The relative target of `snapshots/<commit>/<file>`: up to the repo folder, then `blobs/<etag>`. */
export function snapshotLinkTarget(file: string, etag: string): string {
  const depth = repoPathParts(file).length - 1;
  return ['..', '..', ...Array<string>(depth).fill('..'), 'blobs', etag].join('/');
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, text, { flush: true });
  await rename(tmp, file);
}

/** One repo's folder in a hub cache (`<HF_HOME>/hub/<type>s--<org>--<name>`). */
export class HfCacheRepo {
  readonly storage: string;

  constructor(
    readonly hubDir: string,
    readonly type: HfCacheRepoType,
    readonly repo: string,
  ) {
    this.storage = path.join(hubDir, repoFolderName(type, repo));
  }

  /** The cache of an `HF_HOME` (its `hub` folder, as huggingface_hub uses unless HF_HUB_CACHE is set). */
  static inHfHome(hfHome: string, type: HfCacheRepoType, repo: string): HfCacheRepo {
    return new HfCacheRepo(path.join(hfHome, 'hub'), type, repo);
  }

  blobPath(etag: string): string {
    return path.join(this.storage, 'blobs', etag);
  }

  snapshotDir(commit: string): string {
    return path.join(this.storage, 'snapshots', commit);
  }

  snapshotPath(commit: string, file: string): string {
    return path.join(this.snapshotDir(commit), ...repoPathParts(file));
  }

  refPath(revision: string): string {
    return path.join(this.storage, 'refs', ...repoPathParts(revision));
  }

  noExistPath(commit: string, file: string): string {
    return path.join(this.storage, '.no_exist', commit, ...repoPathParts(file));
  }

  /** Records that `revision` (a branch or tag) points at `commit`; nothing for a revision that is a commit. */
  async writeRef(revision: string, commit: string): Promise<void> {
    if (revision === commit) return;
    await writeAtomic(this.refPath(revision), commit);
  }

  /**
   * Points `snapshots/<commit>/<file>` at `blobs/<etag>` with a relative symlink (a hardlink where the
   * filesystem has no symlinks). A link already there for another blob is replaced.
   */
  async linkSnapshot(commit: string, file: string, etag: string): Promise<string> {
    const dest = this.snapshotPath(commit, file);
    const target = snapshotLinkTarget(file, etag);
    const current = await lstat(dest).catch(() => null);
    if (current?.isSymbolicLink() && (await readlink(dest)) === target) return dest;
    await mkdir(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await symlink(target, tmp);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      await link(this.blobPath(etag), tmp);
    }
    await rename(tmp, dest);
    return dest;
  }

  /** Records that the Hub has no `file` at `commit` (an empty `.no_exist/<commit>/<file>`). */
  async markMissing(commit: string, file: string): Promise<void> {
    const marker = this.noExistPath(commit, file);
    await mkdir(path.dirname(marker), { recursive: true });
    await writeFile(marker, '');
  }

  /** Drops a `.no_exist` marker once the file exists at that commit. */
  async clearMissing(commit: string, file: string): Promise<void> {
    await rm(this.noExistPath(commit, file), { force: true });
  }
}
