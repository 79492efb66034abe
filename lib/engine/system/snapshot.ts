// The system snapshot templates see (`platform`, `gpu`, `vram`, …), computed once per engine.
import os from 'node:os';
import type { Gpu, SystemSnapshot } from '../../shared/system';

const VENDOR_ORDER = ['nvidia', 'amd', 'apple'];

export function systemSnapshot(gpus: Gpu[]): SystemSnapshot {
  const preferred = preferredGpu(gpus);
  return {
    platform: os.platform(),
    arch: os.arch(),
    gpu: preferred?.name ?? 'none',
    gpus,
    gpu_model: preferred?.model ?? null,
    vram: preferred?.memoryMiB ? Math.round(preferred.memoryMiB / 1024) : 0,
    ram: Math.round(os.totalmem() / 1024 ** 3),
  };
}

/** Pinokio's preference: NVIDIA, then AMD (largest VRAM), then Apple, then the first GPU. */
export function preferredGpu(gpus: Gpu[]): Gpu | undefined {
  for (const vendor of VENDOR_ORDER) {
    const candidates = gpus.filter((g) => g.name === vendor);
    if (candidates.length > 0)
      return candidates.sort((a, b) => (b.memoryMiB ?? 0) - (a.memoryMiB ?? 0))[0];
  }
  return gpus[0];
}
