// Decides where an archive entry lands and rejects any that would escape the target folder.
import path from 'node:path';
import { EngineError } from '../../errors';

function unsafe(entry: string, why: string): EngineError {
  return new EngineError(
    'archive_unsafe',
    `Archive entry "${entry}" ${why}; nothing was extracted`,
    { details: { entry } },
  );
}

function isAbsoluteName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name);
}

/**
 * Relative POSIX path of an entry after removing `strip` leading folders, or null when the entry is
 * stripped away entirely. Throws EngineError('archive_unsafe') for absolute or escaping names.
 */
export function entryTarget(name: string, strip = 0): string | null {
  const raw = name.replace(/\\/g, '/');
  if (isAbsoluteName(raw)) throw unsafe(name, 'has an absolute path');
  if (raw.includes('\0')) throw unsafe(name, 'contains a NUL byte');
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    const normal = path.posix.normalize(parts.join('/'));
    if (normal === '..' || normal.startsWith('../'))
      throw unsafe(name, 'would be written outside the target folder');
  }
  if (parts.length <= strip) return null;
  const rel = path.posix.normalize(parts.slice(strip).join('/'));
  if (rel === '..' || rel.startsWith('../'))
    throw unsafe(name, 'would be written outside the target folder');
  return rel === '.' ? null : rel;
}

/** Checks that a symlink at `rel` (inside the target) pointing to `linkpath` stays inside the target. */
export function checkSymlink(entry: string, rel: string, linkpath: string): void {
  const link = linkpath.replace(/\\/g, '/');
  if (isAbsoluteName(link)) throw unsafe(entry, `is a symlink to an absolute path (${linkpath})`);
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), link));
  if (resolved === '..' || resolved.startsWith('../'))
    throw unsafe(entry, `is a symlink pointing outside the target folder (${linkpath})`);
}

/** Checks a hardlink whose target is another entry named `linkpath` (relative to the archive root). */
export function checkHardlink(entry: string, linkpath: string, strip = 0): string {
  const target = entryTarget(linkpath, strip);
  if (target === null)
    throw unsafe(entry, `is a hardlink to an entry that is stripped away (${linkpath})`);
  return target;
}
