// The `kernel` object scripts and menus see (Pinokio's Kernel, narrowed to the members launchers use;
// test/fixtures/pinokio-parity.json lists every member Pinokio has and what Hangar does with it).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SystemSnapshot } from '../../shared/system';
import { mergedEnv } from '../steps/env-file';
import type { StepContext } from '../steps/types';
import { requireFresh } from './imports';
import { gpuDriverOf, gpuTargetOf, kernelSystem, type KernelSystem } from './kernel-system';
import {
  boundShell,
  unboundShell,
  type KernelShell,
  type KernelShellResult,
  type OnData,
} from './kernel-shell';
import { loadLike } from './kernel-require';
import { kernelScript, type KernelScript } from './kernel-script';
import { kernelExtras, type KernelExtras } from './kernel-extras';

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

export interface Kernel extends KernelExtras {
  platform: string;
  arch: string;
  gpu: string;
  gpus: SystemSnapshot['gpus'];
  gpu_model: string | null;
  /** Driver version of the preferred GPU, null without one. */
  gpu_driver: string | null;
  /** Compute target of the preferred GPU (`sm_89`, `gfx1100`), null without one. */
  gpu_target: string | null;
  vram: number;
  ram: number;
  homedir: string;
  /** Pinokio's `kernel.port()`: a free port; `kernel.port(n)`: whether port n is free. */
  port(port?: number): Promise<number | boolean>;
  /** `count` free ports. */
  ports(count: number): Promise<number[]>;
  /** `kernel.memory.local[absPath]` is that script's local variables. */
  memory: { local: Record<string, Record<string, unknown>>; global: Record<string, unknown> };
  /** `kernel.local(...path)`: local variables of the script at that path (relative to the launcher). */
  local(...parts: string[]): Record<string, unknown>;
  /** Hangar keeps one shared bag of global variables; `kernel.global(...)` returns it for any path. */
  global(...parts: string[]): Record<string, unknown>;
  /** Legacy: `kernel.status(file, dir)` is true while the script runs. */
  status(file: string, dir?: string): boolean;
  running(...parts: string[]): boolean;
  ready(...parts: string[]): boolean;
  /** Pinokio: whether a path exists, relative to the Hangar home (a promise, as in Pinokio). */
  exists(...parts: string[]): Promise<boolean>;
  /** Pinokio: a path relative to the Hangar home. */
  path(...parts: string[]): string;
  which(cmd: string): string | null;
  /** `kernel.require(...path)`: a module or JSON value relative to the launcher, fresh; null when missing. */
  require(...parts: string[]): Promise<unknown>;
  /** Same as require (Pinokio has both names). */
  load(...parts: string[]): Promise<unknown>;
  /** Legacy: `kernel.loader.load(absPath)` → `{resolved}` (parsed JSON or module exports, null when missing). */
  loader: { load(file: string): Promise<{ resolved: unknown }> };
  /** Questions about another script by URI: `kernel.script.local(__dirname, 'start.json')`. */
  script: KernelScript;
  /** Pinokio's Shells API; usable inside a running script (code modules, inline functions). */
  shell: KernelShell;
  /** `kernel.exec(params, ondata)`: `kernel.shell.run(params)`, as in Pinokio. */
  exec(params: Record<string, unknown>, ondata?: OnData): Promise<KernelShellResult>;
  /** The environment of a folder (relative to the home): process env + home and folder ENVIRONMENT files. */
  env(...parts: string[]): Promise<Record<string, string>>;
  /** systeminformation's calls (`graphics()`, `cpu()`, `mem()`, `system()`, `osInfo()`) for this machine. */
  system: KernelSystem;
  /** The jsdom package, loaded on first use. */
  readonly jsdom: typeof import('jsdom');
  os: typeof os;
}

/**
 * Builds the kernel object. Launcher-relative members (`require`, `running`, `memory.local`, …) resolve against
 * `base`; `path` and `exists` against the Hangar home, as Pinokio's do against its home. `kernel.shell` runs
 * processes only when bound to a running script's step context (see withStepContext).
 */
export function buildKernel(runtime: KernelRuntime, base: string): Kernel {
  const existsFn = (p: string) => (runtime.exists ? runtime.exists(p) : existsSync(p));
  const abs = (parts: string[]) => path.resolve(base, ...parts);
  const home = (parts: string[]) => path.resolve(runtime.home, ...parts);
  const local = new Proxy({} as Record<string, Record<string, unknown>>, {
    get: (_t, key) =>
      typeof key === 'string' ? runtime.localOf(path.resolve(base, key)) : undefined,
    has: (_t, key) =>
      typeof key === 'string' && Object.keys(runtime.localOf(path.resolve(base, key))).length > 0,
  });
  const load = async (...parts: string[]) => {
    const file = abs(parts);
    return existsFn(file) ? loadLike(file) : null;
  };
  const kernel: Omit<Kernel, 'jsdom'> = {
    platform: runtime.system.platform,
    arch: runtime.system.arch,
    gpu: runtime.system.gpu,
    gpus: runtime.system.gpus,
    gpu_model: runtime.system.gpu_model,
    gpu_driver: gpuDriverOf(runtime.system),
    gpu_target: gpuTargetOf(runtime.system),
    vram: runtime.system.vram,
    ram: runtime.system.ram,
    homedir: runtime.home,
    port: (port) => (port ? portIsFree(port) : runtime.port()),
    ports: async (count) => {
      const out: number[] = [];
      while (out.length < count) {
        const port = await runtime.port();
        if (!out.includes(port)) out.push(port);
      }
      return out;
    },
    memory: { local, global: runtime.globals ?? {} },
    local: (...parts) => runtime.localOf(abs(parts)),
    global: () => runtime.globals ?? {},
    status: (file, dir) => runtime.isRunning(path.resolve(dir ?? base, file)),
    running: (...parts) => runtime.isRunning(abs(parts)),
    ready: (...parts) => runtime.isReady(abs(parts)),
    exists: async (...parts) => existsFn(home(parts)),
    path: (...parts) => home(parts),
    which,
    require: load,
    load,
    loader: { load: async (file) => ({ resolved: loadData(path.resolve(base, file), existsFn) }) },
    script: kernelScript(runtime, base),
    shell: unboundShell(),
    exec(params, ondata) {
      return this.shell.run(params, undefined, ondata);
    },
    env: (...parts) => mergedEnv(runtime.home, home(parts)),
    system: kernelSystem(runtime.system),
    os,
    ...kernelExtras(runtime, base),
  };
  const built = withJsdom(kernel);
  origins.set(built, { runtime, base });
  return built;
}

/** What each built kernel was built from, so a step-bound copy can rebuild its context-bound members. */
const origins = new WeakMap<Kernel, { runtime: KernelRuntime; base: string }>();

/** The kernel with `shell` (and log, download, wait) bound to a running script's step context. */
export function withStepContext(kernel: Kernel, ctx: StepContext): Kernel {
  const bound = Object.create(
    Object.getPrototypeOf(kernel),
    Object.getOwnPropertyDescriptors(kernel),
  ) as Kernel;
  const origin = origins.get(kernel);
  if (origin) Object.assign(bound, kernelExtras(origin.runtime, origin.base, ctx));
  let shell: KernelShell | undefined;
  return Object.defineProperty(bound, 'shell', {
    enumerable: true,
    get: () => (shell ??= boundShell(ctx)),
  });
}

function withJsdom(kernel: Omit<Kernel, 'jsdom'>): Kernel {
  let jsdom: typeof import('jsdom') | undefined;
  return Object.defineProperty(kernel, 'jsdom', {
    enumerable: true,
    get: () => (jsdom ??= createRequire(__filename)('jsdom') as typeof import('jsdom')),
  }) as Kernel;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0' }, () => server.close(() => resolve(true)));
  });
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
