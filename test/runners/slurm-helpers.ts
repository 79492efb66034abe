// A Hangar server configured for a real Slurm test cluster, and the waits the cluster tests share.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppSummary } from '../../lib/shared/app';
import { writeTestConfig } from '../helpers/port-range';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startSlurmCluster, type SlurmCluster } from '../helpers/slurm/cluster';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';

const run = promisify(execFile);

/** A home whose config.json places apps on `cluster` when they ask for Slurm. */
export async function clusterHome(cluster: SlurmCluster): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-slurm-home-'));
  await writeTestConfig(home, {
    runners: { slurm: { slurmConf: cluster.conf, partition: cluster.partition, pollMs: 300 } },
    stopTimeoutMs: 2000,
  });
  return home;
}

export function bootOn(home: string): Promise<ServerProcess> {
  return spawnServer({ home });
}

/** Job ids squeue lists for the cluster (every state it still shows). */
export async function queued(cluster: SlurmCluster): Promise<string[]> {
  const { stdout } = await run('squeue', ['--noheader', '--format=%i'], {
    env: { ...process.env, ...cluster.env },
  });
  return stdout.split('\n').filter(Boolean);
}

/** Runs scontrol against the cluster (drain a node, create a partition…). */
export async function scontrol(cluster: SlurmCluster, args: string[]): Promise<string> {
  const { stdout } = await run('scontrol', args, { env: { ...process.env, ...cluster.env } });
  return stdout;
}

/** Waits until the app's summary satisfies `test`; the last summary is in the error. */
export async function waitForApp(
  server: ServerProcess,
  name: string,
  test: (app: AppSummary) => boolean,
  timeoutMs = 60_000,
): Promise<AppSummary> {
  let last: AppSummary | undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    last = await server.rpc('apps.get', { name });
    if (test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for app ${name}: ${JSON.stringify({ state: last.state, job: last.job, error: last.error })}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A two-node cluster (two GPUs a node), a Hangar configured for it, and the cluster-app fixture installed as `names`. */
export interface ClusterTestbed {
  cluster: SlurmCluster;
  repo: TempRepo;
  home: string;
  /** Replaced when a test restarts Hangar on the same home. */
  server: ServerProcess;
}

export async function clusterTestbed(names: string[]): Promise<ClusterTestbed> {
  const [cluster, repo] = await Promise.all([
    startSlurmCluster({ nodes: 2, gpusPerNode: 2 }),
    repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/cluster-app')),
  ]);
  const home = await clusterHome(cluster);
  let server: ServerProcess | undefined;
  try {
    server = await bootOn(home);
    for (const name of names) {
      await server.rpc('apps.install', { source: repo.dir, name });
      await waitForApp(server, name, (a) => a.state === 'installed');
    }
    return { cluster, repo, home, server };
  } catch (error) {
    await server?.stop('SIGKILL');
    await cluster.stop();
    await repo.remove();
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

/** Stops Hangar and the cluster and removes what the testbed made. */
export async function closeTestbed(bed: ClusterTestbed | undefined): Promise<void> {
  if (!bed) return;
  await bed.server.stop('SIGKILL');
  await bed.cluster.stop();
  await bed.repo.remove();
  await rm(bed.home, { recursive: true, force: true });
}
