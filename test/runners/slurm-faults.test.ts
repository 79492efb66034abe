// Faults of apps on a real Slurm cluster: a node whose slurmd dies, a job's time limit, Hangar killed -9 while a job
// serves or waits in the queue, a node that cannot see the home, and Slurm's commands missing.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchApp } from '../helpers/app-origin';
import { writeTestConfig } from '../helpers/port-range';
import {
  bootOn,
  closeTestbed,
  clusterHome,
  clusterTestbed,
  queued,
  scontrol,
  waitForApp,
  type ClusterTestbed,
} from './slurm-helpers';

let bed: ClusterTestbed;

beforeAll(async () => {
  bed = await clusterTestbed(['kept', 'held', 'dropped', 'limited', 'lost']);
}, 180_000);

afterAll(() => closeTestbed(bed));

async function page(name: string): Promise<string> {
  const res = await fetchApp(Number(new URL(bed.server.url).port), name, '/');
  return `${res.status} ${await res.text()}`;
}

/** Starts the app on one GPU and waits until its job waits for one (the start call's outcome comes later). */
async function queueOne(name: string) {
  await bed.server.rpc('apps.configure', { name, placement: { runner: 'slurm', gpus: 1 } });
  const starting = bed.server.rpc('apps.start', { name }).then(
    () => 'started',
    (error: Error) => error.message,
  );
  const app = await waitForApp(
    bed.server,
    name,
    // The first waits for Resources, the next behind it for Priority.
    (a) => a.job?.state === 'PENDING' && ['Resources', 'Priority'].includes(a.job.reason ?? ''),
  );
  return { job: app.job!, starting };
}

/** Writes the app as stopped into apps.json of the (not running) Hangar. */
async function markStopped(name: string): Promise<void> {
  const file = path.join(bed.home, 'cache/state/apps.json');
  const apps = JSON.parse(await readFile(file, 'utf8')) as Array<Record<string, unknown>>;
  const stopped = apps.map((a) =>
    a.name === name ? { ...a, state: 'stopped', startRunId: null } : a,
  );
  await writeFile(file, JSON.stringify(stopped));
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

  it('keeps a queued job across a graceful restart and a kill -9: the app comes back starting with the job PENDING, and serves once it runs', async () => {
    // One node drained and the other's two GPUs taken by `kept`: `held` waits in the queue for a GPU.
    const drained = bed.cluster.nodes[1]!.name;
    await scontrol(bed.cluster, ['update', `nodename=${drained}`, 'state=drain', 'reason=test']);
    try {
      await startOn('kept', { gpus: 2 });
      const [waiting, dropping] = await Promise.all(['held', 'dropped'].map(queueOne));
      const jobId = waiting!.job.jobId;
      // A graceful stop that keeps apps running keeps the queued job too; so does a kill -9 of the next Hangar.
      await bed.server.rpc('settings.set', { stopAppsOnExit: false });
      expect(await bed.server.stop('SIGTERM')).toBe(0);
      expect(await waiting!.starting).not.toBe('started');
      expect(await dropping!.starting).not.toBe('started');
      for (const stop of ['graceful', 'kill'] as const) {
        if (stop === 'kill') {
          await bed.server.stop('SIGKILL');
          // The state file says `dropped` was stopped meanwhile: its job is cancelled, not taken back.
          await markStopped('dropped');
        }
        bed.server = await bootOn(bed.home);
        // The job kept its place in the queue; the app waits for it as before the restart.
        expect(await queued(bed.cluster)).toContain(jobId);
        if (stop === 'kill') {
          expect(await queued(bed.cluster)).not.toContain(dropping!.job.jobId);
          expect(await bed.server.rpc('apps.get', { name: 'dropped' })).toMatchObject({
            state: 'stopped',
            job: null,
          });
        }
        const back = await waitForApp(bed.server, 'held', (a) => a.job?.reason === 'Resources');
        expect(back.state).toBe('starting');
        expect(back.job).toMatchObject({ jobId, state: 'PENDING', node: null });
      }
      await bed.server.rpc('settings.set', { stopAppsOnExit: true });
      await waitForApp(bed.server, 'kept', (a) => a.state === 'running');
      await bed.server.rpc('apps.stop', { name: 'kept' });
      const served = await waitForApp(bed.server, 'held', (a) => a.state === 'running');
      expect(served.job).toMatchObject({ jobId, state: 'RUNNING' });
      expect(await page('held')).toContain(`job ${jobId}`);
      await bed.server.rpc('apps.stop', { name: 'held' });
      expect((await bed.server.rpc('apps.get', { name: 'held' })).state).toBe('stopped');
      expect(await queued(bed.cluster)).toEqual([]);
    } finally {
      await scontrol(bed.cluster, ['update', `nodename=${drained}`, 'state=resume']);
    }
  }, 180_000);

  it('fails the start, naming the home, node and partition, when the node cannot see the home', async () => {
    const node = bed.cluster.nodes[1]!.name;
    const home = await clusterHome(bed.cluster);
    // That node sees an empty folder where this home is; a partition of that node alone sends the check there.
    await bed.cluster.hideOnNode(node, home);
    await scontrol(bed.cluster, ['create', 'partitionname=solo', `nodes=${node}`]);
    const lonely = await bootOn(home);
    try {
      await lonely.rpc('apps.install', { source: bed.repo.dir, name: 'unseen' });
      await waitForApp(lonely, 'unseen', (a) => a.state === 'installed');
      await lonely.rpc('apps.configure', {
        name: 'unseen',
        placement: { runner: 'slurm', partition: 'solo' },
      });
      const said = `The cluster cannot see the Hangar home ${home}: node ${node} of partition solo could not read a file Hangar wrote there`;
      await expect(lonely.rpc('apps.start', { name: 'unseen' })).rejects.toThrow(said);
      const app = await lonely.rpc('apps.get', { name: 'unseen' });
      expect(app.state).toBe('failed');
      expect(app.error?.message).toContain(said);
      expect(app.job).toBeNull();
      expect(await queued(bed.cluster)).toEqual([]);
    } finally {
      await lonely.stop('SIGKILL');
      await scontrol(bed.cluster, ['delete', 'partitionname=solo']);
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);

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
