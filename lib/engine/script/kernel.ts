// The `kernel` object scripts and menus see (Pinokio's Kernel, narrowed to the members launchers use).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SystemSnapshot } from '../../shared/system';
import { requireFresh } from './imports';

/** What the runner (or `hangar check`, with fakes) provides so the kernel object can answer. */
export interface KernelRuntime {
  /** A free TCP port. */
  port(): Promise<number>;
  system: Pick<SystemSnapshot, 'platform' | 'arch' | 'gpu' | 'gpus' | 'gpu_model' | 'vram' | 'ram'>;
  isRunning(absPath: string): boolean;
  isReady(absPath: string): boolean;
  /** `local` variables of the script at absPath (empty object when none). */
  localOf(absPath: string): Record<string, unknown>;
  /** Hangar home root. */
  home: string;
  /** Shared `global` variables, when the runtime has them. */
  globals?: Record<string, unknown>;
  /** File existence; defaults to the real file system (`hangar check` fakes install markers). */
  exists?(absPath: string): boolean;
}

export interface Kernel {
  platform: string;
  arch: string;
  gpu: string;
  gpus: SystemSnapshot['gpus'];
  gpu_model: string | null;
  vram: number;
  ram: number;
  homedir: string;
  /** Pinokio's `kernel.port()`: a free port. */
  port(): Promise<number>;
  /** `kernel.memory.local[absPath]` is that script's local variables. */
  memory: { local: Record<string, Record<string, unknown>>; global: Record<string, unknown> };
  /** Legacy: `kernel.status(file, dir)` is true while the script runs. */
  status(file: string, dir?: string): boolean;
  running(...parts: string[]): boolean;
  ready(...parts: string[]): boolean;
  exists(...parts: string[]): boolean;
  path(...parts: string[]): string;
  which(cmd: string): string | null;
  /** Legacy: `kernel.loader.load(absPath)` → `{resolved}` (parsed JSON or module exports, null when missing). */
  loader: { load(file: string): Promise<{ resolved: unknown }> };
  os: typeof os;
}

/** Builds the kernel object; relative paths in its helpers resolve against `base`. */
export function buildKernel(runtime: KernelRuntime, base: string): Kernel {
  const existsFn = runtime.exists ?? ((p: string) => existsSync(p));
  const abs = (parts: string[]) => path.resolve(base, ...parts);
  const local = new Proxy({} as Record<string, Record<string, unknown>>, {
    get: (_t, key) =>
      typeof key === 'string' ? runtime.localOf(path.resolve(base, key)) : undefined,
    has: (_t, key) =>
      typeof key === 'string' && Object.keys(runtime.localOf(path.resolve(base, key))).length > 0,
  });
  return {
    platform: runtime.system.platform,
    arch: runtime.system.arch,
    gpu: runtime.system.gpu,
    gpus: runtime.system.gpus,
    gpu_model: runtime.system.gpu_model,
    vram: runtime.system.vram,
    ram: runtime.system.ram,
    homedir: runtime.home,
    port: () => runtime.port(),
    memory: { local, global: runtime.globals ?? {} },
    status: (file, dir) => runtime.isRunning(path.resolve(dir ?? base, file)),
    running: (...parts) => runtime.isRunning(abs(parts)),
    ready: (...parts) => runtime.isReady(abs(parts)),
    exists: (...parts) => existsFn(abs(parts)),
    path: (...parts) => abs(parts),
    which,
    loader: { load: async (file) => ({ resolved: loadData(path.resolve(base, file), existsFn) }) },
    os,
  };
}

/** Absolute path of a command on PATH, or null. */
export function which(cmd: string): string | null {
  if (!cmd) return null;
  if (cmd.includes('/')) return existsSync(cmd) ? path.resolve(cmd) : null;
  const exts =
    process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, cmd + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

function loadData(file: string, existsFn: (p: string) => boolean): unknown {
  if (!existsFn(file) || !existsSync(file)) return null;
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // Legacy loader returned nothing for unreadable files; menus treat null as "absent".
      return null;
    }
  }
  return requireFresh(file);
}
