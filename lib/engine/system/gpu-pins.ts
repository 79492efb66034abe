// Per-app GPU pinning: the chosen GPU indexes per app, stored in the home, injected as *_VISIBLE_DEVICES at start.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic, type HomeLayout } from '../home';

type Pins = Record<string, number[]>;

function pinsFile(home: HomeLayout): string {
  return path.join(home.state, 'gpu-pins.json');
}

export async function readGpuPins(home: HomeLayout): Promise<Pins> {
  try {
    const raw = JSON.parse(await readFile(pinsFile(home), 'utf8')) as unknown;
    return raw && typeof raw === 'object' ? (raw as Pins) : {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return {};
    throw error;
  }
}

/** Pins `app` to GPU indexes `gpus`; null or an empty list removes the pin (all GPUs visible). */
export async function setGpuPins(home: HomeLayout, app: string, gpus: number[] | null): Promise<void> {
  const pins = await readGpuPins(home);
  if (gpus && gpus.length > 0) pins[app] = [...new Set(gpus)].sort((a, b) => a - b);
  else delete pins[app];
  await writeJsonAtomic(pinsFile(home), pins);
}

/** The environment that pins a process to `gpus` on NVIDIA (CUDA) and AMD (HIP/ROCm); empty without a pin. */
export function gpuPinEnv(gpus: number[] | undefined | null): Record<string, string> {
  if (!gpus || gpus.length === 0) return {};
  const list = gpus.join(',');
  return { CUDA_VISIBLE_DEVICES: list, HIP_VISIBLE_DEVICES: list, ROCR_VISIBLE_DEVICES: list };
}

/** The pinning environment of `app` (the one line AppManager.start adds to the app's env). */
export async function gpuEnvFor(home: HomeLayout, app: string): Promise<Record<string, string>> {
  return gpuPinEnv((await readGpuPins(home))[app]);
}
