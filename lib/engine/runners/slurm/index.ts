// The Slurm runner and its cluster view.
export { SlurmRunner } from './slurm-runner';
export { SlurmJob } from './slurm-job';
export { slurm, type SlurmEnv, type SlurmTool } from './slurm-exec';
export { describeJob, isEnded } from './job-info';
export { clusterStatus } from './cluster-status';
export { CLUSTER_INFO_COMMANDS, getClusterInfo, REQUIRED_SLURM_TOOLS } from './cluster-info';
export type {
  SlurmClusterInfo,
  SlurmNodeInfo,
  SlurmPartition,
  SlurmToolOptions,
} from './cluster-types';
