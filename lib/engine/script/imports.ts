// Automatic imports: every JSON/JS module under the app folder is reachable on `self` by name, lazily.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError } from '../errors';

/** Folder names never imported nor scanned for scripts: dependencies, VCS data, virtual environments, caches. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'env',
  'venv',
  '.env',
  '.venv',
  '__pycache__',
  'logs',
  'cache',
  '.cache',
]);
/** Keys never resolved as imports (promise probing, serialisation, inspection). */
const RESERVED = new Set([
  'then',
  'toJSON',
  'constructor',
  '__proto__',
  'prototype',
  'inspect',
  'valueOf',
  'toString',
]);
const NAME = /^[A-Za-z0-9_$][A-Za-z0-9_$.\- ]*$/;

/**
 * Wraps `target` so that reading a key it does not have looks for `<root>/<key>.json|.js|.cjs` or a folder
 * `<root>/<key>/` (its `index.json`/`index.js` value, with the folder's files reachable as nested keys).
 * Values are loaded on first access and memoised for the life of this wrapper (one run); writes go to target.
 */
export function withImports<T extends object>(target: T, root: string): T {
  const memo = new Map<string, unknown>();
  return new Proxy(target, {
    get(obj, key, receiver) {
      if (typeof key !== 'string' || Reflect.has(obj, key) || RESERVED.has(key))
        return Reflect.get(obj, key, receiver);
      if (memo.has(key)) return memo.get(key);
      const value = resolveImport(root, key);
      if (value !== undefined) memo.set(key, value);
      return value;
    },
    has(obj, key) {
      if (Reflect.has(obj, key)) return true;
      return typeof key === 'string' && !RESERVED.has(key) && findImport(root, key) !== null;
    },
  });
}

/** The file or folder `key` names under `root`, or null. */
export function findImport(
  root: string,
  key: string,
): { kind: 'file' | 'dir'; file: string } | null {
  if (!NAME.test(key) || key.includes('..')) return null;
  for (const ext of ['.json', '.js', '.cjs']) {
    const file = path.join(root, key + ext);
    if (isFile(file)) return { kind: 'file', file };
  }
  const dir = path.join(root, key);
  if (!SKIP_DIRS.has(key) && isImportableDir(dir)) return { kind: 'dir', file: dir };
  return null;
}

function resolveImport(root: string, key: string): unknown {
  const found = findImport(root, key);
  if (!found) return undefined;
  if (found.kind === 'file') return loadModuleSync(found.file);
  let base: unknown = {};
  for (const index of ['index.json', 'index.js', 'index.cjs']) {
    const file = path.join(found.file, index);
    if (isFile(file)) {
      base = loadModuleSync(file);
      break;
    }
  }
  if (base === null || (typeof base !== 'object' && typeof base !== 'function')) return base;
  return withImports(base as object, found.file);
}

/** Loads a JSON file or a CommonJS module fresh (require cache cleared for files under its folder). */
export function loadModuleSync(file: string): unknown {
  if (file.endsWith('.json')) {
    const text = readFileSync(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw jsonError(file, text, error);
    }
  }
  return requireFresh(file);
}

/** `require` that sees changes on disk: drops cached modules of the file's folder (not node_modules) first. */
export function requireFresh(file: string): unknown {
  const req = createRequire(file);
  const dir = path.dirname(file);
  for (const cached of Object.keys(req.cache)) {
    if (cached.startsWith(dir + path.sep) && !cached.includes(`${path.sep}node_modules${path.sep}`))
      delete req.cache[cached];
  }
  return req(file);
}

/** EngineError('script_parse') for malformed JSON, naming file, line and column. */
export function jsonError(file: string, text: string, error: unknown): EngineError {
  const message = error instanceof Error ? error.message : String(error);
  let line = 1;
  let column = 1;
  const lc = /line (\d+) column (\d+)/.exec(message);
  const pos = /position (\d+)/.exec(message);
  if (lc) {
    line = Number(lc[1]);
    column = Number(lc[2]);
  } else if (pos) {
    const offset = Number(pos[1]);
    const before = text.slice(0, offset).split('\n');
    line = before.length;
    column = before[before.length - 1]!.length + 1;
  } else if (/end of JSON input/i.test(message)) {
    const lines = text.split('\n');
    line = lines.length;
    column = lines[lines.length - 1]!.length + 1;
  }
  const reason = message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '');
  return new EngineError('script_parse', `${file}:${line}:${column}: malformed JSON (${reason})`, {
    details: { file, line, column },
    cause: error,
  });
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    // Missing or unreadable: not an import candidate.
    return false;
  }
}

/** A folder is importable unless it is a virtual environment or a cloned repository (app code). */
function isImportableDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    // Missing: nothing to import.
    return false;
  }
  return !isRepoOrVenv(dir);
}

/** A nested repository (cloned app code) or a virtual environment: never launcher code. */
export function isRepoOrVenv(dir: string): boolean {
  return existsSync(path.join(dir, 'pyvenv.cfg')) || existsSync(path.join(dir, '.git'));
}

/** Names importable from `root` (for diagnostics; never used for lazy lookups). */
export function listImports(root: string): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isFile() && /\.(json|js|cjs)$/.test(entry.name))
      names.add(entry.name.replace(/\.(json|js|cjs)$/, ''));
    else if (
      entry.isDirectory() &&
      !SKIP_DIRS.has(entry.name) &&
      isImportableDir(path.join(root, entry.name))
    )
      names.add(entry.name);
  }
  return [...names].sort();
}
