// What Hangar knows about a Slurm cluster: its partitions and nodes, with CPUs, memory and GPUs in use.

/** Where the Slurm commands are and which slurm.conf they read (unset: PATH and Slurm's own default). */
export interface SlurmToolOptions {
  binDir?: string;
  slurmConf?: string;
  /** Per command, in ms (default 15 s). */
  timeoutMs?: number;
}

export interface SlurmPartition {
  name: string;
  default: boolean;
  /** Slurm's word: UP, DOWN, DRAIN, INACTIVE. */
  state: string;
  nodes: string[];
  /** Slurm's MaxTime: `UNLIMITED`, `30:00`, `1-00:00:00`. */
  timeLimit: string;
}

export interface SlurmNodeInfo {
  name: string;
  /** NodeAddr: where the node's jobs listen. */
  addr: string;
  /** Slurm's state words as shown by scontrol: `IDLE`, `MIXED`, `DOWN+NOT_RESPONDING`, `IDLE+DRAIN`. */
  state: string;
  /** Why the node is down or drained, when Slurm says. */
  reason?: string;
  partitions: string[];
  cpus: { total: number; allocated: number };
  memoryMb: { total: number; allocated: number };
  gpus: { total: number; used: number };
}

export interface SlurmClusterInfo {
  partitions: SlurmPartition[];
  nodes: SlurmNodeInfo[];
}
