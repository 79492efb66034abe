// System facts exposed to templates (`gpu`, `vram`, …) and to `system.info`.
import { z } from 'zod';

export const gpuSchema = z.object({
  /** Vendor, lowercase: nvidia, amd, apple, … */
  name: z.string(),
  model: z.string(),
  driver: z.string().nullable(),
  memoryMiB: z.number().nullable().optional(),
  memoryUsedMiB: z.number().nullable().optional(),
  /** Compute target such as `sm_89` or `gfx1100`. */
  target: z.string().nullable().optional(),
  index: z.number().int().optional(),
});
export type Gpu = z.infer<typeof gpuSchema>;

export interface SystemSnapshot {
  platform: string;
  arch: string;
  /** Preferred vendor: nvidia > amd > apple > first > none. */
  gpu: string;
  gpus: Gpu[];
  gpu_model: string | null;
  /** VRAM of the preferred GPU in GB (0 when none). */
  vram: number;
  /** Total RAM in GB. */
  ram: number;
}

export const systemInfoSchema = z.object({
  version: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  home: z.string(),
  gpus: z.array(gpuSchema),
  uptimeSec: z.number(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;
