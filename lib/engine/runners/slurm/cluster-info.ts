// The cluster view: partitions and nodes (CPUs, memory, GPUs free and used) from sinfo and scontrol.
import { EngineError, errorMessage } from '../../errors';
import type { SlurmClusterInfo, SlurmToolOptions } from './cluster-types';
import { parseNodes, parsePartitionMembers, parsePartitions } from './parse';
import type { SlurmTool } from './slurm-exec';
import { findSlurmTool, runSlurmTool } from './slurm-tools';

/** The commands Hangar needs on a Slurm login node: checked first, so a missing one is named. */
export const REQUIRED_SLURM_TOOLS: readonly SlurmTool[] = [
  'sinfo',
  'scontrol',
  'sbatch',
  'srun',
  'squeue',
  'scancel',
];

/** The three reads the view is built from (the test fixtures are captured with the same commands). */
export const CLUSTER_INFO_COMMANDS = {
  members: { tool: 'sinfo', args: ['-h', '-a', '-N', '-o', '%N|%R'] },
  partitions: { tool: 'scontrol', args: ['show', 'partition', '-o'] },
  nodes: { tool: 'scontrol', args: ['-d', 'show', 'node', '-o'] },
} as const;

/** Partitions and nodes of the cluster; EngineErrors name a missing command, munge or the controller. */
export async function getClusterInfo(options: SlurmToolOptions = {}): Promise<SlurmClusterInfo> {
  for (const tool of REQUIRED_SLURM_TOOLS) await findSlurmTool(tool, options);
  // sinfo first: it is the cheapest call that proves munge and the controller answer.
  const read = (c: { tool: SlurmTool; args: readonly string[] }) =>
    runSlurmTool(c.tool, [...c.args], options);
  const members = await read(CLUSTER_INFO_COMMANDS.members);
  const [partitionsOut, nodesOut] = await Promise.all([
    read(CLUSTER_INFO_COMMANDS.partitions),
    read(CLUSTER_INFO_COMMANDS.nodes),
  ]);
  try {
    return {
      partitions: parsePartitions(partitionsOut, parsePartitionMembers(members)),
      nodes: parseNodes(nodesOut),
    };
  } catch (error) {
    throw new EngineError('internal', `unreadable Slurm output: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
