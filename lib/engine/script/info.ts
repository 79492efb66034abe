// The `info` helper launcher menus and script factories get: exists/running/ready/local/path relative to the caller's file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { KernelRuntime } from './kernel';
import { isInside } from './safe-path';

export interface LauncherInfo {
  exists(...parts: string[]): boolean;
  running(...parts: string[]): boolean;
  ready(...parts: string[]): boolean;
  local(...parts: string[]): Record<string, unknown>;
  global(...parts: string[]): Record<string, unknown>;
  path(...parts: string[]): string;
  /** Folder of the app's default virtual environment (`<dir>/env`, or `<dir>/app/env` when that exists). */
  venv(): string;
}

/**
 * Builds `info` for a launcher (or script) folder. Like Pinokio, relative paths resolve against the folder of the file that
 * calls the helper (found on the call stack), falling back to `dir`, so `menu.js` beside `pinokio.js` works.
 */
export function buildInfo(runtime: KernelRuntime, dir: string): LauncherInfo {
  const root = path.resolve(dir);
  const existsFn = (p: string) => (runtime.exists ? runtime.exists(p) : existsSync(p));
  const abs = (parts: string[]) => path.resolve(callerDir(root), ...parts);
  return {
    exists: (...parts) => existsFn(abs(parts)),
    running: (...parts) => runtime.isRunning(abs(parts)),
    ready: (...parts) => runtime.isReady(abs(parts)),
    local: (...parts) => runtime.localOf(abs(parts)),
    global: () => runtime.globals ?? {},
    path: (...parts) => abs(parts),
    venv: () =>
      existsFn(path.join(root, 'app', 'env'))
        ? path.join(root, 'app', 'env')
        : path.join(root, 'env'),
  };
}

/** Folder of the nearest stack frame whose file lies inside `root` (the launcher's own code), else `root`. */
function callerDir(root: string): string {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line);
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, '');
    if (isInside(file, root) && !file.includes(`${path.sep}node_modules${path.sep}`))
      return path.dirname(file);
  }
  return root;
}
