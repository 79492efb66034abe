// The real path a write would reach: existing part by realpath, the rest followed link by link, dangling links too.
import { readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a write to `p` (absolute, already checked by resolveInside) really lands: symlinks followed, dangling
 * ones included. Writers open this path with O_NOFOLLOW, so a link swapped in afterwards is refused, not followed.
 */
export function realPathOf(p: string): string {
  return realExisting(p) ?? p;
}

/** Symlinks followed for one path before it counts as a loop (Linux's own limit). */
const MAX_HOPS = 40;

/**
 * Real path of `p`: the longest existing prefix resolved by realpath, then the rest walked name by name, so
 * a dangling symlink counts as where it points (as open(2) with O_CREAT follows it). Null for a loop.
 */
export function realExisting(p: string): string | null {
  let current = p;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(current);
      return tail.length === 0 ? real : followTail(real, tail);
    } catch {
      // Missing, dangling or looping: resolve the parent, then walk this name with the rest.
      const parent = path.dirname(current);
      if (parent === current) return p;
      tail.unshift(path.basename(current));
      current = parent;
    }
  }
}

/** Walks `names` from the real folder `base`, following each symlink met; what is missing is kept as named. */
function followTail(base: string, names: string[]): string | null {
  let current = base;
  const parts = [...names];
  let hops = 0;
  while (parts.length > 0) {
    const part = parts.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    let target: string;
    try {
      target = readlinkSync(next);
    } catch (error) {
      // EINVAL: it exists and is no symlink. Anything else: it is missing, so the rest would be made below it.
      if ((error as NodeJS.ErrnoException).code === 'EINVAL') {
        current = next;
        continue;
      }
      return path.join(next, ...parts);
    }
    if (++hops > MAX_HOPS) return null;
    if (path.isAbsolute(target)) current = path.parse(target).root;
    parts.unshift(...target.split(path.sep === '/' ? '/' : /[\\/]/));
  }
  return current;
}
