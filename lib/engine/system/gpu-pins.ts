// Per-app GPU pinning: the chosen GPU indexes per app, stored in the home, injected as *_VISIBLE_DEVICES at start.
import path from 'node:path';
import { z } from 'zod';
import type { Gpu } from '../../shared/system';
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import { writeJsonAtomic } from '../state-file';
import { readStateFileOr } from '../state-file-read';
import { WriteQueue } from '../write-queue';

type Pins = Record<string, number[]>;

/** The shape gpu-pins.json must have: GPU indexes by app name. */
export const gpuPinsFileSchema = z.record(z.string(), z.array(z.number().int().nonnegative()));

/** Changes of each pins file, one at a time (a read-modify-write must not lose a concurrent one). */
const queues = new Map<string, WriteQueue>();

function pinsFile(home: HomeLayout): string {
  return path.join(home.state, 'gpu-pins.json');
}

/** The pins on disk. A corrupt file is moved aside and reported (stderr and the doctor), never overwritten. */
export async function readGpuPins(home: HomeLayout): Promise<Pins> {
  return readStateFileOr(pinsFile(home), gpuPinsFileSchema, {});
}

/** Pins `app` to GPU indexes `gpus`; null or an empty list removes the pin (all GPUs visible). */
export function setGpuPins(home: HomeLayout, app: string, gpus: number[] | null): Promise<void> {
  const file = pinsFile(home);
  let queue = queues.get(file);
  if (!queue) queues.set(file, (queue = new WriteQueue()));
  return queue.run(async () => {
    const pins = await readGpuPins(home);
    if (gpus && gpus.length > 0) pins[app] = [...new Set(gpus)].sort((a, b) => a - b);
    else delete pins[app];
    await writeJsonAtomic(file, pins);
  });
}

/**
 * The environment that pins a process to `gpus`; empty without a pin. NVIDIA indexes follow nvidia-smi (PCI bus
 * order), so CUDA_DEVICE_ORDER=PCI_BUS_ID makes CUDA count the same way; AMD gets HIP_ and ROCR_VISIBLE_DEVICES.
 * Without the detected GPUs (`found` empty) both vendors' variables are set.
 */
export function gpuPinEnv(
  gpus: number[] | undefined | null,
  found: readonly Gpu[] = [],
): Record<string, string> {
  if (!gpus || gpus.length === 0) return {};
  const list = gpus.join(',');
  const vendors = new Set(
    found.filter((g) => g.index !== undefined && gpus.includes(g.index)).map((g) => g.name),
  );
  const all = vendors.size === 0;
  return {
    ...(all || vendors.has('nvidia')
      ? { CUDA_DEVICE_ORDER: 'PCI_BUS_ID', CUDA_VISIBLE_DEVICES: list }
      : {}),
    ...(all || vendors.has('amd') ? { HIP_VISIBLE_DEVICES: list, ROCR_VISIBLE_DEVICES: list } : {}),
  };
}

/** The pinning environment of `app` (the one line AppManager.start adds to the app's env). */
export async function gpuEnvFor(
  home: HomeLayout,
  app: string,
  found: readonly Gpu[] = [],
): Promise<Record<string, string>> {
  return gpuPinEnv((await readGpuPins(home))[app], found);
}

/** Checks a GPU choice against the GPUs found; the error names them (or says none was found). */
export function checkGpuChoice(gpus: readonly number[], found: readonly Gpu[]): void {
  const missing = gpus.filter((index) => !found.some((g) => g.index === index));
  if (missing.length === 0) return;
  const names =
    found.length === 0
      ? 'no GPU was found (nvidia-smi and rocm-smi found none)'
      : `the GPUs found are ${found.map((g) => `${g.index} (${g.name} ${g.model})`).join(', ')}`;
  throw new EngineError('invalid_params', `No GPU ${missing.join(', ')}: ${names}.`, {
    details: { gpus: [...gpus], found: found.map((g) => ({ index: g.index, model: g.model })) },
  });
}
