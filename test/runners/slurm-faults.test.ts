// Faults of apps on a real Slurm cluster: a node whose slurmd dies, a job's time limit, Hangar killed -9 while a job
// serves, and Slurm's commands missing.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchApp } from '../helpers/app-origin';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { startSlurmCluster, type SlurmCluster } from '../helpers/slurm/cluster';
import type { ServerProcess } from '../helpers/spawn-server';
import { bootOn, clusterHome, queued, waitForApp } from './slurm-helpers';

let cluster: SlurmCluster;
let repo: TempRepo;
let home: string;
let server: ServerProcess;

beforeAll(async () => {
  [cluster, repo] = await Promise.all([
    startSlurmCluster({ nodes: 2, gpusPerNode: 2 }),
    repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/cluster-app')),
  ]);
  home = await clusterHome(cluster);
  server = await bootOn(home);
  for (const name of ['kept', 'limited', 'lost']) {
    await server.rpc('apps.install', { source: repo.dir, name });
    await waitForApp(server, name, (a) => a.state === 'installed');
  }
}, 180_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  await cluster?.stop();
  await repo?.remove();
  if (home) await rm(home, { recursive: true, force: true });
});

async function page(name: string): Promise<string> {
  const res = await fetchApp(Number(new URL(server.url).port), name, '/');
  return `${res.status} ${await res.text()}`;
}

async function startOn(name: string, placement: Record<string, unknown>) {
  await server.rpc('apps.configure', { name, placement: { runner: 'slurm', ...placement } });
  await server.rpc('apps.start', { name });
  return waitForApp(server, name, (a) => a.state === 'running');
}

describe('faults of apps on a Slurm cluster', () => {
  it('re-attaches to a serving job by its id after Hangar is killed -9, and serves it again', async () => {
    const before = await startOn('kept', { gpus: 1 });
    const jobId = before.job!.jobId;
    await server.stop('SIGKILL');
    // The job runs on without Hangar.
    expect(await queued(cluster)).toContain(jobId);
    server = await bootOn(home);
    const after = await waitForApp(
      server,
      'kept',
      (a) => a.state === 'running' && a.job?.state === 'RUNNING',
    );
    expect(after.job).toMatchObject({ jobId, node: before.job!.node, host: before.job!.host });
    expect(await page('kept')).toContain(`job ${jobId}`);
    await server.rpc('apps.stop', { name: 'kept' });
    expect(await queued(cluster)).toEqual([]);
  }, 180_000);

  it('shows the failure with Slurm’s NODE_FAIL when the node’s slurmd dies', async () => {
    const running = await startOn('lost', { gpus: 1 });
    await cluster.killSlurmd(running.job!.node!);
    const failed = await waitForApp(
      server,
      'lost',
      (a) => a.state === 'failed' || a.state === 'stopped',
      90_000,
    );
    expect(failed.job).toBeNull();
    expect(failed.error?.message ?? '').toContain('NODE_FAIL');
  }, 150_000);

  it('shows TIMEOUT when the job reaches its time limit', async () => {
    await startOn('limited', { time: '1' });
    const ended = await waitForApp(
      server,
      'limited',
      (a) => a.state === 'failed' || a.state === 'stopped',
      150_000,
    );
    expect(ended.error?.message ?? '').toContain('TIMEOUT');
  }, 200_000);

  it('says Slurm’s commands are missing, naming the folder, when runners.slurm.binDir has none', async () => {
    const bare = path.join(home, 'no-slurm-here');
    const other = `${home}-bare`;
    await writeTestConfig(other, { runners: { slurm: { binDir: bare } } });
    const lonely = await bootOn(other);
    try {
      await lonely.rpc('apps.install', { source: repo.dir, name: 'nowhere' });
      await waitForApp(lonely, 'nowhere', (a) => a.state === 'installed');
      await lonely.rpc('apps.configure', { name: 'nowhere', placement: { runner: 'slurm' } });
      await expect(lonely.rpc('apps.start', { name: 'nowhere' })).rejects.toThrow(
        new RegExp(
          `(sbatch|srun) is not found in the configured Slurm binDir ${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
        ),
      );
    } finally {
      await lonely.stop('SIGKILL');
      await rm(other, { recursive: true, force: true });
    }
  }, 120_000);
});
