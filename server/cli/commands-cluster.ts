// `hangar cluster`: the Slurm cluster apps can be placed on (partitions, nodes, GPUs free and used).
import type { ClusterStatus } from '../../lib/shared/cluster';
import { apiCommand } from './api-command';
import type { CommandSpec } from './command';
import { formatTable } from './human';

export function formatCluster(status: ClusterStatus): string {
  if (!status.configured)
    return 'No cluster is configured (runners.slurm in config.json): apps run on this machine.\n';
  const head = `Slurm${status.slurmConf ? ` (SLURM_CONF ${status.slurmConf})` : ''}${status.partition ? `, default partition ${status.partition}` : ''}\n`;
  if (status.error) return `${head}Cannot read the cluster: ${status.error.message}\n`;
  const info = status.info!;
  const partitions = formatTable([
    ['PARTITION', 'STATE', 'TIME LIMIT', 'NODES'],
    ...info.partitions.map((p) => [
      `${p.name}${p.default ? '*' : ''}`,
      p.state,
      p.timeLimit,
      p.nodes.join(','),
    ]),
  ]);
  const nodes = formatTable([
    ['NODE', 'ADDRESS', 'STATE', 'CPUS USED', 'MEMORY USED', 'GPUS USED'],
    ...info.nodes.map((n) => [
      n.name,
      n.addr,
      `${n.state}${n.reason ? ` (${n.reason})` : ''}`,
      `${n.cpus.allocated}/${n.cpus.total}`,
      `${n.memoryMb.allocated}/${n.memoryMb.total} MB`,
      `${n.gpus.used}/${n.gpus.total}`,
    ]),
  ]);
  return `${head}\n${partitions}\n${nodes}`;
}

export const clusterCommands: CommandSpec[] = [
  apiCommand({
    name: 'cluster',
    summary: 'the Slurm cluster apps can be placed on: partitions, nodes, GPUs free and used',
    method: 'cluster.status',
    human: formatCluster,
  }),
];
