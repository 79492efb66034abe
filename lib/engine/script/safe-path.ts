// Resolves a path taken from script params and refuses anything that escapes the allowed roots.
import path from 'node:path';
import { EngineError } from '../errors';
import { realExisting } from '../steps/real-path';

export interface SafePathRoots {
  /** Directory relative paths resolve against (the script's folder or the step's cwd). */
  base: string;
  /** Absolute directories the result must stay inside (the app folder, optionally drive/ and cache/). */
  allowed: string[];
  /** Hangar home: `~/x` resolves to `<home>/x`. */
  home?: string;
  /** Name of the param the path came from, for the error message. */
  param?: string;
}

/**
 * Resolves `p` against `roots.base` (`~/` → home) and checks, after following symlinks of the existing
 * part of the path, that it lies inside one of `roots.allowed`. Throws EngineError('path_escape').
 */
export function resolveInside(p: string, roots: SafePathRoots): string {
  if (typeof p !== 'string' || p.length === 0) {
    throw new EngineError('invalid_params', `${label(roots)} must be a non-empty path`, {
      details: { param: roots.param },
    });
  }
  if (p.includes('\0')) {
    throw new EngineError('path_escape', `${label(roots)} contains a NUL byte`, {
      details: { param: roots.param },
    });
  }
  let resolved: string;
  if (p === '~' || p.startsWith('~/')) {
    if (!roots.home) throw escape(p, roots, 'the home folder is not available here');
    resolved = path.resolve(roots.home, p.slice(2));
  } else {
    resolved = path.resolve(roots.base, p);
  }
  // Compare real paths: a root reached through a symlink (a home on another drive, a linked checkout)
  // still contains its files, while a symlink inside a root that points out of it is caught.
  const allowed = roots.allowed.map((r) => realExisting(path.resolve(r)) ?? path.resolve(r));
  const real = realExisting(resolved);
  if (real === null) throw escape(p, roots, 'its symlinks loop or nest too deeply');
  if (allowed.some((r) => isInside(real, r))) return resolved;
  const lexicalOk = roots.allowed.some((r) => isInside(resolved, path.resolve(r)));
  if (!lexicalOk)
    throw escape(p, roots, `it resolves to ${resolved}, outside ${describe(roots.allowed)}`);
  throw escape(p, roots, `a symlink leads to ${real}, outside ${describe(roots.allowed)}`);
}

/** True when `child` equals `parent` or lies below it (both absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function label(roots: SafePathRoots): string {
  return roots.param ? `param "${roots.param}"` : 'path';
}

function describe(allowed: string[]): string {
  return allowed.length === 1
    ? `the allowed folder ${allowed[0]}`
    : `the allowed folders (${allowed.join(', ')})`;
}

function escape(p: string, roots: SafePathRoots, why: string): EngineError {
  return new EngineError('path_escape', `Refusing ${label(roots)} "${p}": ${why}`, {
    details: { param: roots.param, path: p, allowed: roots.allowed },
  });
}
