// Builds the template scope of a step (Pinokio's memory: input, args, local, self, env, system facts, kernel…).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SystemSnapshot } from '../../shared/system';
import { which, type Kernel, type KernelRuntime } from './kernel';
import { systemTemplateNames } from './kernel-system';
import { pipVars } from './pip-vars';

export interface ScopeInput {
  runtime: KernelRuntime;
  system: SystemSnapshot;
  kernel: Kernel;
  file: string;
  uri: string;
  cwd: string;
  appDir: string;
  apiDir: string;
  self: Record<string, unknown>;
  local: Record<string, unknown>;
  global: Record<string, unknown>;
  input: unknown;
  args: unknown;
  current: number;
  next: number | null;
  env: Record<string, string>;
  /** A free port, computed for this step. */
  port: number | undefined;
  /**
   * The address the app's server should bind (placement.ts APP_BIND_ADDRESS): the loopback, on this machine and on a
   * cluster node (where Hangar's gate forwards to it). Default 127.0.0.1.
   */
  host?: string;
}

export function buildScope(s: ScopeInput): Record<string, unknown> {
  const dirname = path.dirname(s.file);
  const abs = (parts: string[]) => path.resolve(s.cwd, ...parts);
  return {
    input: s.input,
    args: s.args,
    local: s.local,
    global: s.global,
    self: s.self,
    current: s.current,
    next: s.next,
    uri: s.uri,
    cwd: s.cwd,
    dirname,
    name: path.relative(s.apiDir, dirname).split(path.sep)[0] || path.basename(s.appDir),
    port: s.port,
    host: s.host ?? '127.0.0.1',
    exists: (...parts: string[]) => existsSync(abs(parts)),
    running: (...parts: string[]) => s.runtime.isRunning(abs(parts)),
    ready: (...parts: string[]) => s.runtime.isReady(abs(parts)),
    which,
    env: s.env,
    envs: s.env,
    platform: s.system.platform,
    arch: s.system.arch,
    gpu: s.system.gpu,
    gpus: s.system.gpus,
    gpu_model: s.system.gpu_model,
    vram: s.system.vram,
    ram: s.system.ram,
    ...systemTemplateNames(s.system),
    ...pipVars(s.system),
    os,
    path,
    kernel: s.kernel,
    script: s.kernel.script,
  };
}
