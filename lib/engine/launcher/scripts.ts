// Lists the candidate script files of a launcher folder (JSON/JS files outside app code and environments).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isRepoOrVenv, SKIP_DIRS } from '../script/imports';

/** Launcher files that are configuration, never scripts. */
export const LAUNCHER_CONFIG_FILES = new Set([
  'pinokio.js',
  'pinokio.json',
  'pinokio_meta.json',
  'package.json',
  'package-lock.json',
]);
const MAX_DEPTH = 4;
/** Directory entries visited at most, so a launcher living inside a large repository stays fast. */
const MAX_ENTRIES = 20_000;

/** Relative paths (forward slashes, sorted) of `.js`/`.json`/`.cjs`/`.mjs` files that may be scripts. */
export function listScriptFiles(dir: string): string[] {
  const out: string[] = [];
  walk(path.resolve(dir), '', 0, out, { visited: 0 });
  return out.sort();
}

function walk(
  root: string,
  rel: string,
  depth: number,
  out: string[],
  budget: { visited: number },
): void {
  const abs = path.join(root, rel);
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (++budget.visited > MAX_ENTRIES) return;
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (depth >= MAX_DEPTH || SKIP_DIRS.has(entry.name)) continue;
      if (isRepoOrVenv(path.join(abs, entry.name))) continue;
      walk(root, childRel, depth + 1, out, budget);
    } else if (entry.isFile() && /\.(c|m)?js$|\.json$/.test(entry.name)) {
      if (depth === 0 && LAUNCHER_CONFIG_FILES.has(entry.name)) continue;
      out.push(childRel);
    }
  }
}
