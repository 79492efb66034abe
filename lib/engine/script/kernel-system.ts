// Pinokio's system facts in systeminformation's shapes: `kernel.system.graphics()` and the `cpu`, `mem`,
// `system`, `gpu_driver`, `gpu_target` template names, built from Hangar's own detection (lib/engine/system).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { SystemSnapshot } from '../../shared/system';
import { preferredGpu } from '../system/snapshot';

type Snapshot = Pick<SystemSnapshot, 'gpu' | 'gpus'>;

export interface GraphicsController {
  vendor: string;
  model: string;
  bus: string;
  /** MiB, as systeminformation reports it. */
  vram: number | null;
  vramDynamic: boolean;
  driverVersion: string | null;
}

export interface Graphics {
  controllers: GraphicsController[];
  displays: never[];
}

export interface CpuFacts {
  manufacturer: string;
  brand: string;
  vendor: string;
  /** GHz. */
  speed: number;
  cores: number;
  physicalCores: number;
  processors: number;
}

export interface MemFacts {
  total: number;
  free: number;
  used: number;
  available: number;
  swaptotal: number;
  swapused: number;
  swapfree: number;
}

export interface MachineFacts {
  manufacturer: string;
  model: string;
  version: string;
  serial: string;
  uuid: string;
  sku: string;
  virtual: boolean;
}

export interface OsFacts {
  platform: string;
  distro: string;
  release: string;
  kernel: string;
  arch: string;
  hostname: string;
}

/** `kernel.system`: the systeminformation calls launchers make, answered from this machine. */
export interface KernelSystem {
  graphics(): Promise<Graphics>;
  cpu(): Promise<CpuFacts>;
  mem(): Promise<MemFacts>;
  system(): Promise<MachineFacts>;
  osInfo(): Promise<OsFacts>;
}

const VENDOR_NAMES: Record<string, string> = {
  nvidia: 'NVIDIA',
  amd: 'Advanced Micro Devices, Inc. [AMD/ATI]',
  apple: 'Apple',
  intel: 'Intel Corporation',
};

export function graphicsOf(snapshot: Snapshot): Graphics {
  return {
    controllers: snapshot.gpus.map((g) => ({
      vendor: VENDOR_NAMES[g.name] ?? g.name,
      model: g.model,
      bus: '',
      vram: g.memoryMiB ?? null,
      vramDynamic: false,
      driverVersion: g.driver,
    })),
    displays: [],
  };
}

/** Driver version of the preferred GPU (Pinokio's `gpu_driver`), null without one. */
export function gpuDriverOf(snapshot: Snapshot): string | null {
  return preferredGpu(snapshot.gpus)?.driver ?? null;
}

/** Compute target of the preferred GPU (`sm_89`, `gfx1100`; Pinokio's `gpu_target`), null without one. */
export function gpuTargetOf(snapshot: Snapshot): string | null {
  const gpu = preferredGpu(snapshot.gpus);
  return gpu && (gpu.name === 'nvidia' || gpu.name === 'amd') ? (gpu.target ?? null) : null;
}

let cpuMemo: CpuFacts | null = null;
export function cpuFacts(): CpuFacts {
  if (cpuMemo) return cpuMemo;
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? '').trim();
  const manufacturer = /intel/i.test(model)
    ? 'Intel'
    : /amd/i.test(model)
      ? 'AMD'
      : /apple/i.test(model)
        ? 'Apple'
        : (model.split(/\s+/)[0] ?? '');
  const brand = model
    .replace(/^(Intel|AMD|Apple)(\(R\))?\s*/i, '')
    .replace(/\s*@.*$/, '')
    .replace(/\s+(CPU|Processor)$/i, '')
    .trim();
  const cpuinfo = readText('/proc/cpuinfo');
  const physical = cpuinfo ? physicalCores(cpuinfo) : 0;
  cpuMemo = {
    manufacturer,
    brand,
    vendor: /GenuineIntel|AuthenticAMD/.exec(cpuinfo ?? '')?.[0] ?? manufacturer,
    speed: cpus[0] ? Math.round(cpus[0].speed / 10) / 100 : 0,
    cores: cpus.length,
    physicalCores: physical || cpus.length,
    processors: Math.max(
      1,
      new Set([...(cpuinfo ?? '').matchAll(/^physical id\s*:\s*(\d+)/gm)].map((m) => m[1])).size,
    ),
  };
  return cpuMemo;
}

function physicalCores(cpuinfo: string): number {
  const keys = new Set<string>();
  for (const block of cpuinfo.split(/\n\s*\n/)) {
    const phys = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (phys !== undefined && core !== undefined) keys.add(`${phys}:${core}`);
  }
  return keys.size;
}

/** Memory in bytes, read now (`/proc/meminfo` where there is one). */
export function memFacts(): MemFacts {
  const total = os.totalmem();
  const free = os.freemem();
  const info = readText('/proc/meminfo');
  const kb = (key: string): number | null => {
    const m = new RegExp(`^${key}:\\s*(\\d+)\\s*kB`, 'm').exec(info ?? '');
    return m ? Number(m[1]) * 1024 : null;
  };
  const available = kb('MemAvailable') ?? free;
  const swaptotal = kb('SwapTotal') ?? 0;
  const swapfree = kb('SwapFree') ?? 0;
  return {
    total,
    free,
    used: total - free,
    available,
    swaptotal,
    swapused: swaptotal - swapfree,
    swapfree,
  };
}

let machineMemo: MachineFacts | null = null;
export function machineFacts(): MachineFacts {
  if (machineMemo) return machineMemo;
  const dmi = (name: string) => (readText(`/sys/class/dmi/id/${name}`) ?? '').trim();
  const manufacturer = dmi('sys_vendor');
  const model = dmi('product_name') || os.hostname();
  machineMemo = {
    manufacturer,
    model,
    version: dmi('product_version'),
    serial: '-',
    uuid: dmi('product_uuid'),
    sku: dmi('product_sku'),
    virtual: /virtual|kvm|qemu|vmware|xen|bochs|hyper-v|google compute/i.test(
      `${manufacturer} ${model}`,
    ),
  };
  return machineMemo;
}

export function osFacts(): OsFacts {
  const release = readText('/etc/os-release') ?? '';
  const field = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?`, 'm').exec(release)?.[1];
  return {
    platform: os.platform(),
    distro: field('NAME') ?? os.type(),
    release: field('VERSION_ID') ?? os.release(),
    kernel: os.release(),
    arch: os.arch(),
    hostname: os.hostname(),
  };
}

export function kernelSystem(snapshot: Snapshot): KernelSystem {
  return {
    graphics: async () => graphicsOf(snapshot),
    cpu: async () => cpuFacts(),
    mem: async () => memFacts(),
    system: async () => machineFacts(),
    osInfo: async () => osFacts(),
  };
}

/** The template names Pinokio publishes from its system info (`{{gpu_driver}}`, `{{mem.total}}`, …). */
export function systemTemplateNames(snapshot: Snapshot): Record<string, unknown> {
  return {
    graphics: graphicsOf(snapshot),
    gpu_driver: gpuDriverOf(snapshot),
    gpu_target: gpuTargetOf(snapshot),
    system: machineFacts(),
    cpu: cpuFacts(),
    mem: memFacts(),
    osInfo: osFacts(),
    /** The user's default shell (systeminformation's `shell()`). */
    shell: process.env.SHELL ?? '/bin/sh',
    /** Pinokio's URL of a local port; with no `proxy.start` proxies (deprecated) that is the port itself. */
    proxy: (port: number | string) => `http://localhost:${port}`,
  };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return null;
    throw error;
  }
}
