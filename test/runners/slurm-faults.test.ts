// Faults of apps on a real Slurm cluster: a node whose slurmd dies, a job's time limit, Hangar killed -9 while a job
// serves, and Slurm's commands missing.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchApp } from '../helpers/app-origin';
import { writeTestConfig } from '../helpers/port-range';
import {
  bootOn,
  closeTestbed,
  clusterTestbed,
  queued,
  waitForApp,
  type ClusterTestbed,
} from './slurm-helpers';

let bed: ClusterTestbed;

beforeAll(async () => {
  bed = await clusterTestbed(['kept', 'limited', 'lost']);
}, 180_000);

afterAll(() => closeTestbed(bed));

async function page(name: string): Promise<string> {
  const res = await fetchApp(Number(new URL(bed.server.url).port), name, '/');
  return `${res.status} ${await res.text()}`;
}

async function startOn(name: string, placement: Record<string, unknown>) {
  await bed.server.rpc('apps.configure', { name, placement: { runner: 'slurm', ...placement } });
  await bed.server.rpc('apps.start', { name });
  return waitForApp(bed.server, name, (a) => a.state === 'running');
}

describe('faults of apps on a Slurm cluster', () => {
  it('re-attaches to a serving job by its id after Hangar is killed -9, and serves it again', async () => {
    const before = await startOn('kept', { gpus: 1 });
    const jobId = before.job!.jobId;
    await bed.server.stop('SIGKILL');
    // The job runs on without Hangar.
    expect(await queued(bed.cluster)).toContain(jobId);
    bed.server = await bootOn(bed.home);
    const after = await waitForApp(
      bed.server,
      'kept',
      (a) => a.state === 'running' && a.job?.state === 'RUNNING',
    );
    expect(after.job).toMatchObject({ jobId, node: before.job!.node, host: before.job!.host });
    expect(await page('kept')).toContain(`job ${jobId}`);
    await bed.server.rpc('apps.stop', { name: 'kept' });
    expect(await queued(bed.cluster)).toEqual([]);
  }, 180_000);

  it('shows the failure with Slurm’s NODE_FAIL when the node’s slurmd dies', async () => {
    const running = await startOn('lost', { gpus: 1 });
    await bed.cluster.killSlurmd(running.job!.node!);
    const failed = await waitForApp(
      bed.server,
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
      bed.server,
      'limited',
      (a) => a.state === 'failed' || a.state === 'stopped',
      150_000,
    );
    expect(ended.error?.message ?? '').toContain('TIMEOUT');
  }, 200_000);

  it('says Slurm’s commands are missing, naming the folder, when runners.slurm.binDir has none', async () => {
    const bare = path.join(bed.home, 'no-slurm-here');
    const other = `${bed.home}-bare`;
    await writeTestConfig(other, { runners: { slurm: { binDir: bare } } });
    const lonely = await bootOn(other);
    try {
      await lonely.rpc('apps.install', { source: bed.repo.dir, name: 'nowhere' });
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
