// `kernel.require(...)`/`kernel.load(...)`: Pinokio's loader — a fresh JSON value or module export, a class
// instantiated, a folder's index module; null when the path does not exist.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError, errorMessage } from '../errors';
import { requireFresh } from './imports';

/** Loads `file` as Pinokio's `kernel.require` does; null when it is missing or is a file of another kind. */
export function loadLike(file: string): unknown {
  if (!existsSync(file)) return null;
  try {
    if (/\.json$/i.test(file)) return JSON.parse(readFileSync(file, 'utf8'));
    if (/\.js$/i.test(file)) return instantiate(requireFresh(file));
    if (statSync(file).isDirectory()) {
      const req = createRequire(path.join(file, 'index.js'));
      delete req.cache[req.resolve(file)];
      return instantiate(req(file));
    }
    return null;
  } catch (error) {
    throw new EngineError(
      'script_error',
      `${file}: kernel.require failed: ${errorMessage(error)}`,
      {
        details: { file },
        cause: error,
      },
    );
  }
}

/** Pinokio returns `new exports()` when that succeeds (classes, plain functions), else the export itself. */
function instantiate(value: unknown): unknown {
  let out = value;
  if (
    out &&
    typeof out === 'object' &&
    Object.hasOwn(out, 'default') &&
    ((out as { __esModule?: unknown }).__esModule === true ||
      (out as Record<symbol, unknown>)[Symbol.toStringTag] === 'Module')
  )
    out = (out as { default: unknown }).default;
  if (typeof out !== 'function') return out;
  try {
    return new (out as new () => unknown)();
  } catch (error) {
    if (error instanceof TypeError) return out;
    throw error;
  }
}
