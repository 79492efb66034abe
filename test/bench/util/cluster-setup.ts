// What the proxy-cluster benchmark loads: a real Slurm test cluster with one node in its own network namespace, a
// Hangar server placing the bench upstream there as a job, and the node's own address for the direct baseline.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt } from '../../../server/bin/build.mjs';
import { appHost } from '../../helpers/app-origin';
import { repoFromFixture, type TempRepo } from '../../helpers/git-repo';
import { writeTestConfig } from '../../helpers/port-range';
import { startSlurmCluster, type SlurmCluster } from '../../helpers/slurm/cluster';
import { spawnServer, type ServerProcess } from '../../helpers/spawn-server';
import { waitForApp } from '../../runners/slurm-helpers';
import { has } from './reference-proxies';

const APP = 'bench';

export interface ClusterSetup {
  /** The upstream straight at `<node addr>:<port>`, from this machine across the cluster bridge. */
  direct: string;
  /** Hangar's proxy at the app's own origin (sent to 127.0.0.1 with `proxiedHost`). */
  proxied: string;
  proxiedHost: string;
  node: string;
  jobId: string | null;
  /** Hangar's server process (its CPU time is charged per proxied request). */
  serverPid: number | undefined;
  close(): Promise<void>;
}

/** Why this machine cannot start the test cluster, or null when it can. */
export function clusterUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root: network namespaces, munged and slurmd need it';
  const missing = ['slurmctld', 'slurmd', 'munged', 'sbatch', 'nsenter', 'ip'].filter(
    (tool) => !has(tool),
  );
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  return null;
}

/** A launcher in a temp git repo whose start runs the bench upstream on `{{host}}:{{port}}`. */
async function launcherRepo(): Promise<TempRepo> {
  const repo = await repoFromFixture(path.join(__dirname, 'cluster-launcher'));
  await mkdir(path.join(repo.dir, 'app'), { recursive: true });
  await copyFile(
    path.join(__dirname, 'cluster-upstream.cjs'),
    path.join(repo.dir, 'app/server.cjs'),
  );
  repo.commit('Add the bench upstream');
  return repo;
}

export async function setupCluster(): Promise<ClusterSetup> {
  // The server is the production build; build it before the cluster's clock starts.
  await ensureBuilt();
  let cluster: SlurmCluster | undefined;
  let repo: TempRepo | undefined;
  let home: string | undefined;
  let server: ServerProcess | undefined;
  const close = async (): Promise<void> => {
    try {
      if (server) await server.rpc('apps.stop', { name: APP }).catch(() => undefined);
    } finally {
      await server?.stop('SIGKILL');
      await cluster?.stop();
      await repo?.remove();
      if (home) await rm(home, { recursive: true, force: true });
    }
  };
  try {
    [cluster, repo] = await Promise.all([startSlurmCluster({ nodes: 1 }), launcherRepo()]);
    home = await mkdtemp(path.join(os.tmpdir(), 'hangar-bench-cluster-'));
    await writeTestConfig(home, {
      runners: {
        slurm: { slurmConf: cluster.conf, partition: cluster.partition, pollMs: 1000 },
      },
      stopTimeoutMs: 2000,
    });
    server = await spawnServer({ home });
    await server.rpc('apps.install', { source: repo.dir, name: APP });
    await waitForApp(server, APP, (a) => a.state === 'installed');
    await server.rpc('apps.configure', { name: APP, placement: { runner: 'slurm' } });
    await server.rpc('apps.start', { name: APP });
    const app = await waitForApp(server, APP, (a) => a.state === 'running');
    if (!app.job?.host || !app.job.node || app.port === null)
      throw new Error(`app ${APP} runs without a node address: ${JSON.stringify(app)}`);
    const port = Number(new URL(server.url).port);
    return {
      direct: `http://${app.job.host}:${app.port}`,
      proxied: `http://127.0.0.1:${port}`,
      proxiedHost: appHost(APP, port),
      node: app.job.node,
      jobId: app.job.jobId,
      serverPid: server.child.pid,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
