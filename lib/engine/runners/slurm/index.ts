// The Slurm runner's public surface.
export { CLUSTER_INFO_COMMANDS, getClusterInfo, REQUIRED_SLURM_TOOLS } from './cluster-info';
export type {
  SlurmClusterInfo,
  SlurmNodeInfo,
  SlurmPartition,
  SlurmToolOptions,
} from './cluster-types';
