// Shapes of the Slurm test cluster: what a test asks for and what it gets back.

export interface SlurmClusterOptions {
  /** Compute nodes, each in its own network namespace (default 2). */
  nodes?: number;
  /** Generic `gpu` resources per node (default 2). */
  gpusPerNode?: number;
  /** A GPU type name (e.g. `a100`): nodes then declare `gpu:<type>:N`. */
  gpuType?: string;
  /** CPUs each node declares (default 2; `SlurmdParameters=config_overrides` makes the config authoritative). */
  cpusPerNode?: number;
  /** Memory each node declares, in MB (default 2000). */
  memoryMbPerNode?: number;
  /** Seconds before a silent slurmd makes its node DOWN and its jobs NODE_FAIL (default 3). */
  slurmdTimeout?: number;
  /** Seconds an RPC may take (default 5); a dead slurmd's ping fails only after it. */
  messageTimeout?: number;
  /** Extra `PartitionName=...` lines, after the default partition (which has every node). */
  extraPartitions?: string[];
  /** Extra slurm.conf lines, appended before the node lines. */
  extraConf?: string[];
  /** How long to wait for every node to be IDLE, in ms (default 60 s). */
  readyTimeoutMs?: number;
}

export interface SlurmNode {
  name: string;
  /** The node's address on the cluster bridge (its slurmd and its jobs listen there). */
  addr: string;
  /** The network namespace the node's slurmd and its jobs run in. */
  netns: string;
}

export interface SlurmCluster {
  /** Path of the cluster's slurm.conf. */
  conf: string;
  /** Environment for sbatch/squeue/scontrol/sinfo against this cluster (SLURM_CONF). */
  env: Record<string, string>;
  /** The default partition (every node is in it). */
  partition: string;
  clusterName: string;
  nodes: SlurmNode[];
  /** The host's address on the cluster bridge (where slurmctld listens). */
  hostAddr: string;
  /** The cluster's temp dir (config, state, spool, logs). */
  dir: string;
  /** Log file of a daemon: 'munged', 'slurmctld' or a node name. */
  logFile(daemon: string): string;
  /** SIGKILLs the node's slurmd (its slurmstepd and jobs keep running, as when slurmd alone dies). */
  killSlurmd(node: string): Promise<void>;
  /** SIGKILLs every process in the node's namespace (slurmd, job steps, jobs), as when the node loses power. */
  crashNode(node: string): Promise<void>;
  /**
   * Restarts the node's slurmd in a mount namespace of its own where an empty tmpfs covers `dir`: the node no longer
   * sees what is there (as when a home is not on a shared filesystem). Resolves once that node is IDLE again.
   */
  hideOnNode(node: string, dir: string): Promise<void>;
  /** Stops the cluster's munged (Slurm commands then fail to authenticate). */
  stopMunged(): Promise<void>;
  /** Stops every daemon and job process, removes namespaces, veths, bridge and the temp dir. Idempotent. */
  stop(): Promise<void>;
}
