// Checks archive entries on disk as they land: parents, symlink targets and hard links must stay inside the root.
import { close as closeCb, constants, open as openCb, writeFile as writeFileCb } from 'node:fs';
import { link, lstat, mkdir, readlink, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { EngineError } from '../../errors';

const openFd = promisify(openCb);
const closeFd = promisify(closeCb);
const writeFd = promisify(writeFileCb);

/** Creates or truncates a file without ever following a symlink in the last component. */
export const WRITE_NOFOLLOW =
  constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** Symlinks followed while resolving one target before it counts as a loop (Linux's own limit). */
const MAX_HOPS = 40;

function refuse(entry: string, why: string): EngineError {
  return new EngineError(
    'archive_unsafe',
    `Archive entry "${entry}" ${why}; nothing was extracted`,
    { details: { entry } },
  );
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function inside(child: string, root: string): boolean {
  return child === root || child.startsWith(root + path.sep);
}

/** Writes `body` to `file` in one call, refusing (ELOOP) when `file` is a symlink. */
export async function writeNoFollow(file: string, body: Buffer, mode: number): Promise<void> {
  const fd = await openFd(file, WRITE_NOFOLLOW, mode);
  try {
    await writeFd(fd, body);
  } finally {
    await closeFd(fd);
  }
}

/**
 * The extraction root seen from the disk. Folders are created one level at a time and their real path is
 * cached, so each folder costs one mkdir however many entries it holds; links are checked against what
 * earlier entries already made, never against the names alone.
 */
export class ContainedTree {
  private readonly folders = new Map<string, Promise<string>>();
  private readonly symlinks: { entry: string; at: string; linkpath: string }[] = [];

  private constructor(private readonly real: string) {
    this.folders.set('.', Promise.resolve(real));
  }

  static async open(root: string): Promise<ContainedTree> {
    return new ContainedTree(await realpath(root));
  }

  /** Real path of folder `rel` (POSIX, relative to the root), made if missing; refused if it leads outside. */
  folder(entry: string, rel: string): Promise<string> {
    let pending = this.folders.get(rel);
    if (!pending) {
      pending = this.makeFolder(entry, rel);
      this.folders.set(rel, pending);
    }
    return pending;
  }

  /** Absolute path where entry `rel` lands, its parent folder checked and made. */
  async place(entry: string, rel: string): Promise<string> {
    return path.join(await this.folder(entry, path.posix.dirname(rel)), path.posix.basename(rel));
  }

  /** Creates symlink `rel` → `linkpath` when the target, resolved from where the link sits, stays inside. */
  async symlink(entry: string, rel: string, linkpath: string): Promise<void> {
    const at = await this.place(entry, rel);
    await this.checkTarget(entry, at, linkpath);
    await symlink(linkpath, at);
    this.symlinks.push({ entry, at, linkpath });
  }

  /** Creates hard link `rel` to the file the archive put at `targetRel`, reached without any symlink. */
  async hardlink(entry: string, rel: string, targetRel: string): Promise<void> {
    const source = path.join(this.real, targetRel);
    const real = await realpath(source).catch((error: unknown) => {
      throw refuse(
        entry,
        `is a hard link to "${targetRel}", which ${codeOf(error) === 'ENOENT' ? 'does not exist' : 'cannot be resolved'}`,
      );
    });
    if (real !== source)
      throw refuse(
        entry,
        `is a hard link to "${targetRel}" through a symlink (it resolves to ${real})`,
      );
    if (!(await lstat(source)).isFile())
      throw refuse(entry, `is a hard link to "${targetRel}", which is not a regular file`);
    await link(source, await this.place(entry, rel));
  }

  /** After the last link: a link that dangled when made must not lead outside through links made after it. */
  async verifyLinks(): Promise<void> {
    for (const { entry, at, linkpath } of this.symlinks)
      await this.checkTarget(entry, at, linkpath);
  }

  private async makeFolder(entry: string, rel: string): Promise<string> {
    const parent = await this.folder(entry, path.posix.dirname(rel));
    const candidate = path.join(parent, path.posix.basename(rel));
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    const stat = await lstat(candidate);
    if (stat.isDirectory()) return candidate;
    if (!stat.isSymbolicLink())
      throw refuse(entry, `needs "${rel}" to be a folder, but the archive made it a file`);
    const real = await realpath(candidate).catch(() => {
      throw refuse(entry, `lies under "${rel}", a symlink that leads nowhere`);
    });
    if (!inside(real, this.real))
      throw refuse(
        entry,
        `lies under "${rel}", a symlink that leads outside the target folder (${real})`,
      );
    if (!(await lstat(real)).isDirectory())
      throw refuse(entry, `lies under "${rel}", a symlink to a file`);
    return real;
  }

  /**
   * Follows `linkpath` from the folder holding `at` one component at a time, through the links already on
   * disk, and refuses it the moment it leaves the root. A missing component ends the walk: the rest can only
   * be created below it, inside.
   */
  private async checkTarget(entry: string, at: string, linkpath: string): Promise<void> {
    const why = (where: string): EngineError =>
      refuse(
        entry,
        `is a symlink to "${linkpath}", which leads outside the target folder (through ${where})`,
      );
    if (path.isAbsolute(linkpath))
      throw refuse(entry, `is a symlink to an absolute path (${linkpath})`);
    let current = path.dirname(at);
    const parts = linkpath.split('/');
    let hops = 0;
    while (parts.length > 0) {
      const part = parts.shift()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        current = path.dirname(current);
        if (!inside(current, this.real)) throw why(current);
        continue;
      }
      const next = path.join(current, part);
      let isLink: boolean;
      try {
        isLink = (await lstat(next)).isSymbolicLink();
      } catch (error) {
        if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') throw error;
        const rest = path.resolve(next, ...parts);
        if (!inside(rest, this.real)) throw why(rest);
        return;
      }
      if (!isLink) {
        current = next;
        continue;
      }
      if (++hops > MAX_HOPS)
        throw refuse(entry, `is a symlink to "${linkpath}", which loops through other links`);
      const target = await readlink(next);
      if (path.isAbsolute(target)) throw why(`${next} → ${target}`);
      parts.unshift(...target.split('/'));
    }
  }
}
