// Where an app's serving process runs: on this machine (`local`) or as a Slurm job on a cluster node (`slurm`).
import { z } from 'zod';

/** A Slurm name (partition, account): letters, digits and `._-`, as sbatch accepts them. */
const SLURM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** sbatch's --mem: a number with an optional K/M/G/T suffix. */
export const SLURM_MEMORY = /^\d{1,9}[KMGT]?$/;
/** sbatch's --time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
export const SLURM_TIME =
  /^(?:\d{1,7}|\d{1,7}:\d{1,2}|\d{1,7}:\d{1,2}:\d{1,2}|\d{1,4}-\d{1,2}(?::\d{1,2}){0,2})$/;

export const RUNNER_KINDS = ['local', 'slurm'] as const;
export type RunnerKind = (typeof RUNNER_KINDS)[number];

/** The job's request on a cluster: each field is Slurm's own option; they are kept while the app runs locally. */
const slurmRequestShape = {
  /** Absent: the configured default partition, else Slurm's own default. */
  partition: z.string().regex(SLURM_NAME, 'a Slurm partition name').optional(),
  /** GPUs on the node (`--gres=gpu:N`). */
  gpus: z.number().int().min(0).max(64).optional(),
  /** CPUs for the job (`--cpus-per-task`). */
  cpus: z.number().int().min(1).max(1024).optional(),
  /** Memory (`--mem`): such as 16G. */
  memory: z.string().regex(SLURM_MEMORY, 'a size such as 16G or 4096M').optional(),
  /** Time limit (`--time`): minutes or [D-]HH:MM:SS. */
  time: z.string().regex(SLURM_TIME, 'minutes, HH:MM:SS or D-HH:MM:SS').optional(),
  account: z.string().regex(SLURM_NAME, 'a Slurm account name').optional(),
};

export const placementSchema = z
  .object({
    /** `local`: this machine; `slurm`: a Slurm job on a cluster node. */
    runner: z.enum(RUNNER_KINDS),
    ...slurmRequestShape,
  })
  .strict();

/** apps.configure's `placement`: the fields given replace the stored ones; null clears a field. */
export const placementPatchSchema = z
  .object({
    runner: z.enum(RUNNER_KINDS).optional(),
    partition: slurmRequestShape.partition.unwrap().nullable().optional(),
    gpus: slurmRequestShape.gpus.unwrap().nullable().optional(),
    cpus: slurmRequestShape.cpus.unwrap().nullable().optional(),
    memory: slurmRequestShape.memory.unwrap().nullable().optional(),
    time: slurmRequestShape.time.unwrap().nullable().optional(),
    account: slurmRequestShape.account.unwrap().nullable().optional(),
  })
  .strict();

export type Placement = z.infer<typeof placementSchema>;
export type PlacementPatch = z.infer<typeof placementPatchSchema>;

export const LOCAL_PLACEMENT: Placement = { runner: 'local' };

/** `current` after `patch`: given fields replace, null removes. */
export function patchPlacement(current: Placement, patch: PlacementPatch): Placement {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return placementSchema.parse(next);
}

/** How a placement reads in the UI and the CLI: "local", "slurm: gpu, 1 GPU, 04:00:00". */
export function describePlacement(placement: Placement): string {
  if (placement.runner === 'local') return 'local';
  const parts = [
    placement.partition ? `partition ${placement.partition}` : 'default partition',
    ...(placement.gpus ? [`${placement.gpus} GPU${placement.gpus === 1 ? '' : 's'}`] : []),
    ...(placement.cpus ? [`${placement.cpus} CPU${placement.cpus === 1 ? '' : 's'}`] : []),
    ...(placement.memory ? [`${slurmMemoryWords(placement.memory)} memory`] : []),
    ...(placement.time ? [`${slurmTimeWords(placement.time)} limit`] : []),
    ...(placement.account ? [`account ${placement.account}`] : []),
  ];
  return `Slurm: ${parts.join(', ')}`;
}

/** sbatch's --mem (SLURM_MEMORY) in words: megabytes unless a K, M, G or T suffix says otherwise. */
function slurmMemoryWords(memory: string): string {
  const match = /^(\d+)([KMGT]?)$/.exec(memory);
  return match ? `${match[1]} ${match[2] || 'M'}B` : memory;
}

/** A Slurm time limit (SLURM_TIME) in words: "10" is "10 min", "1-12" is "1 d 12 h", "2:30:00" is "2 h 30 min". */
export function slurmTimeWords(time: string): string {
  const [days, rest] = time.includes('-') ? time.split('-') : [null, time];
  const fields = (rest ?? '').split(':').map(Number);
  // Without days: minutes, MM:SS or HH:MM:SS. With days: D-HH, D-HH:MM or D-HH:MM:SS.
  const [h, m, sec] =
    days !== null
      ? [fields[0] ?? 0, fields[1] ?? 0, fields[2] ?? 0]
      : fields.length === 3
        ? [fields[0]!, fields[1]!, fields[2]!]
        : [0, fields[0] ?? 0, fields[1] ?? 0];
  const words = [
    ...(days !== null && Number(days) > 0 ? [`${Number(days)} d`] : []),
    ...(h > 0 ? [`${h} h`] : []),
    ...(m > 0 ? [`${m} min`] : []),
    ...(sec > 0 ? [`${sec} s`] : []),
  ];
  return words.length > 0 ? words.join(' ') : 'no';
}

/** `runners.slurm` in config.json: where Slurm is and what a placement defaults to. */
export const slurmConfigSchema = z
  .object({
    /** Folder holding sbatch, squeue, scontrol, scancel, sinfo and srun (default: found on PATH). */
    binDir: z.string().min(1).optional(),
    /** SLURM_CONF for every Slurm command Hangar runs (default: Slurm's own). */
    slurmConf: z.string().min(1).optional(),
    partition: z.string().regex(SLURM_NAME).optional(),
    account: z.string().regex(SLURM_NAME).optional(),
    /** Used when a placement sets no time limit. */
    defaultTime: z.string().regex(SLURM_TIME).optional(),
    /** The most GPUs one app may ask for. */
    maxGpus: z.number().int().min(0).max(64).optional(),
    /** How often job states are read (squeue/scontrol), in ms. */
    pollMs: z.number().int().min(200).max(60_000).default(2000),
  })
  .strict();

export type SlurmConfig = z.infer<typeof slurmConfigSchema>;

/**
 * What `{{host}}` gives a start script: where its server should listen to be reached from Hangar. The loopback
 * wherever it runs: on a cluster node, the gate Hangar runs beside the app forwards to the node's loopback, so
 * other users of the cluster network cannot reach the app by the node's address.
 */
export const APP_BIND_ADDRESS = '127.0.0.1';

/** A scheduler's view of an app's job, in its own words (Slurm: PENDING with its reason, RUNNING on a node). */
export const jobStatusSchema = z.object({
  runner: z.literal('slurm'),
  jobId: z.string().nullable(),
  /** The scheduler's state word: PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, PREEMPTED, NODE_FAIL… */
  state: z.string(),
  /** Why it waits or ended, as the scheduler says it (Resources, Priority, QOSMaxGRESPerUser…); null when none. */
  reason: z.string().nullable(),
  node: z.string().nullable(),
  /** The node's address once it runs. */
  host: z.string().nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
