// The cluster view (Settings, `hangar cluster`, the doctor): partitions and nodes with CPUs, memory and GPUs in use.
import { z } from 'zod';

const used = z.object({ total: z.number(), allocated: z.number() });

export const clusterInfoSchema = z.object({
  partitions: z.array(
    z.object({
      name: z.string(),
      default: z.boolean(),
      state: z.string(),
      nodes: z.array(z.string()),
      timeLimit: z.string(),
    }),
  ),
  nodes: z.array(
    z.object({
      name: z.string(),
      addr: z.string(),
      state: z.string(),
      reason: z.string().optional(),
      partitions: z.array(z.string()),
      cpus: used,
      memoryMb: used,
      gpus: z.object({ total: z.number(), used: z.number() }),
    }),
  ),
});

export const clusterStatusSchema = z.object({
  /** runners.slurm is in config.json. */
  configured: z.boolean(),
  slurmConf: z.string().nullable(),
  binDir: z.string().nullable(),
  /** The partition a placement without one uses (null: Slurm's default). */
  partition: z.string().nullable(),
  info: clusterInfoSchema.nullable(),
  /** Why the cluster could not be read (a missing command, munge, the controller), with the error's code. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;
