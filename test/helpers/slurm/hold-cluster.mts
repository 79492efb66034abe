// Starts a Slurm test cluster, prints it as one JSON line and waits: a child the teardown test interrupts.
import { startSlurmCluster } from './cluster';

const cluster = await startSlurmCluster({ nodes: 1, gpusPerNode: 1 });
process.stdout.write(
  `${JSON.stringify({ dir: cluster.dir, clusterName: cluster.clusterName, nodes: cluster.nodes })}\n`,
);
setInterval(() => undefined, 60_000);
