// Regenerates test/fixtures/slurm/ from real clusters: `npx tsx test/helpers/slurm/capture-fixtures.mts` (root).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLUSTER_INFO_COMMANDS } from '../../../lib/engine/runners/slurm/cluster-info';
import { startSlurmCluster, type SlurmCluster, type SlurmClusterOptions } from './cluster';
import { slurm, submit, waitJob } from './jobs';

const OUT = path.join(import.meta.dirname, '..', '..', 'fixtures', 'slurm');

async function capture(name: string, cluster: SlurmCluster): Promise<void> {
  const dir = path.join(OUT, name);
  await mkdir(dir, { recursive: true });
  for (const [key, c] of Object.entries(CLUSTER_INFO_COMMANDS)) {
    await writeFile(path.join(dir, `${key}.txt`), await slurm(cluster, c.tool, [...c.args]));
  }
  console.log(`captured ${name}`);
}

async function withCluster(
  options: SlurmClusterOptions,
  body: (c: SlurmCluster) => Promise<void>,
): Promise<void> {
  const cluster = await startSlurmCluster(options);
  try {
    await body(cluster);
  } finally {
    await cluster.stop();
  }
}

async function waitNodeState(cluster: SlurmCluster, node: string, state: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!state.test((await slurm(cluster, 'sinfo', ['-h', '-n', node, '-o', '%t'])).trim())) {
    if (Date.now() > deadline) throw new Error(`node ${node} never matched ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Two idle nodes with untyped GPUs, nothing running.
await withCluster({ nodes: 2, gpusPerNode: 2 }, (c) => capture('idle', c));

// Typed GPUs, a second partition with a time limit, one node partly used and one full.
await withCluster(
  {
    nodes: 2,
    gpusPerNode: 2,
    gpuType: 'a100',
    extraPartitions: ['PartitionName=short Nodes=n1 Default=NO MaxTime=30 State=UP'],
  },
  async (c) => {
    const partly = await submit(c, 'exec sleep 300', [
      '-w',
      'n1',
      '--gres=gpu:1',
      '-c',
      '1',
      '--mem=500',
    ]);
    const full = await submit(c, 'exec sleep 300', [
      '-w',
      'n2',
      '--gres=gpu:2',
      '-c',
      '2',
      '--mem=2000',
    ]);
    for (const id of [partly, full]) await waitJob(c, id, (j) => j.state === 'RUNNING', 'RUNNING');
    await capture('busy', c);
  },
);

// One node drained by an admin, one whose slurmd died.
await withCluster({ nodes: 2, gpusPerNode: 2 }, async (c) => {
  await slurm(c, 'scontrol', ['update', 'NodeName=n1', 'State=DRAIN', 'Reason=maintenance']);
  await c.killSlurmd('n2');
  await waitNodeState(c, 'n2', /^down/);
  await capture('degraded', c);
});
