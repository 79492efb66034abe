// `kernel.script.*`: Pinokio's helpers that menus use to ask about another script by URI (a git URL of a cloned
// launcher, `~/api/...`, or a path): where it is, whether it exists, runs or is ready, and its variables.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { KernelRuntime } from './kernel';
import { findClone, parseGitUri } from './resolve-uri';

export interface KernelScript {
  /** Absolute path of a script URI plus relative parts, or false when a git URL is not cloned here. */
  resolve(...chunks: string[]): string | false;
  exists(...chunks: string[]): boolean;
  running(...chunks: string[]): boolean;
  ready(...chunks: string[]): boolean;
  /** The script's local variables ({} when none), or null when it cannot be resolved. */
  local(...chunks: string[]): Record<string, unknown> | null;
  /** Hangar keeps one shared bag of global variables: that bag, or null when the script cannot be resolved. */
  global(...chunks: string[]): Record<string, unknown> | null;
}

/** Relative URIs, which Pinokio rejects here, resolve against the launcher folder `base`. */
export function kernelScript(runtime: KernelRuntime, base: string): KernelScript {
  const resolve = (...chunks: string[]): string | false => {
    const [uri = '', ...relative] = chunks;
    const git = parseGitUri(uri);
    if (git) {
      const clone = findClone(path.join(runtime.home, 'api'), git.repo);
      return clone ? path.resolve(clone, git.sub, ...relative) : false;
    }
    const root = uri.startsWith('~/')
      ? path.resolve(runtime.home, uri.slice(2))
      : path.resolve(base, uri);
    return path.resolve(root, ...relative);
  };
  const exists = runtime.exists ? (p: string) => runtime.exists!(p) : existsSync;
  return {
    resolve,
    exists: (...chunks) => {
      const file = resolve(...chunks);
      return file ? exists(file) : false;
    },
    running: (...chunks) => {
      const file = resolve(...chunks);
      return file ? runtime.isRunning(file) : false;
    },
    ready: (...chunks) => {
      const file = resolve(...chunks);
      return file ? runtime.isReady(file) : false;
    },
    local: (...chunks) => {
      const file = resolve(...chunks);
      return file ? runtime.localOf(file) : null;
    },
    global: (...chunks) => (resolve(...chunks) ? (runtime.globals ?? {}) : null),
  };
}
