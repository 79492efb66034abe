// The cluster view against a real Slurm cluster, and its errors when a command, munge or the controller fails.
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEngineError, type EngineError } from '../../../../../lib/engine/errors';
import { getClusterInfo } from '../../../../../lib/engine/runners/slurm';
import { startSlurmCluster, type SlurmCluster } from '../../../../helpers/slurm/cluster';
import { run } from '../../../../helpers/slurm/exec';
import { slurm, submit, waitJob } from '../../../../helpers/slurm/jobs';
import { mungeSocket, startMunged } from '../../../../helpers/slurm/munge';

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!isEngineError(error)) throw error;
  return error;
}

/** A copy of the cluster's slurm.conf (and gres.conf) with `edit` applied, in its own directory. */
async function confVariant(cluster: SlurmCluster, dir: string, edit: (conf: string) => string) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'slurm.conf'), edit(await readFile(cluster.conf, 'utf8')));
  await writeFile(
    path.join(dir, 'gres.conf'),
    await readFile(path.join(cluster.dir, 'gres.conf'), 'utf8'),
  );
  return path.join(dir, 'slurm.conf');
}

describe('Slurm cluster view', () => {
  let cluster: SlurmCluster;
  let binDir: string;
  let tmp: string;

  beforeAll(async () => {
    cluster = await startSlurmCluster({ nodes: 2, gpusPerNode: 2 });
    binDir = path.dirname((await run('which', ['sinfo'])).trim());
    tmp = await mkdtemp(path.join(os.tmpdir(), 'hangar-slurm-view-'));
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 60_000);

  it('shows partitions and nodes with their addresses, CPUs, memory and GPUs in use', async () => {
    const id = await submit(cluster, 'exec sleep 300', ['-w', 'n2', '--gres=gpu:1', '--mem=300']);
    await waitJob(cluster, id, (j) => j.state === 'RUNNING', 'RUNNING');
    const info = await getClusterInfo({ binDir, slurmConf: cluster.conf, timeoutMs: 20_000 });
    expect(info.partitions).toEqual([
      { name: 'gpu', default: true, state: 'UP', nodes: ['n1', 'n2'], timeLimit: 'UNLIMITED' },
    ]);
    expect(info.nodes.map((n) => [n.name, n.addr])).toEqual(
      cluster.nodes.map((n) => [n.name, n.addr]),
    );
    expect(info.nodes[0]).toMatchObject({ state: 'IDLE', gpus: { total: 2, used: 0 } });
    expect(info.nodes[1]).toMatchObject({
      state: 'MIXED',
      cpus: { total: 2, allocated: 1 },
      memoryMb: { total: 2000, allocated: 300 },
      gpus: { total: 2, used: 1 },
    });
    await slurm(cluster, 'scancel', [id]);
  }, 60_000);

  it('names the missing command and the configured binDir', async () => {
    const empty = path.join(tmp, 'empty-bin');
    await mkdir(empty);
    const noSinfo = await failure(getClusterInfo({ binDir: empty, slurmConf: cluster.conf }));
    expect(noSinfo.code).toBe('missing_tool');
    expect(noSinfo.message).toContain(`sinfo is not found in the configured Slurm binDir ${empty}`);

    const partial = path.join(tmp, 'partial-bin');
    await mkdir(partial);
    for (const tool of ['sinfo', 'scontrol']) {
      await symlink(path.join(binDir, tool), path.join(partial, tool));
    }
    const noSbatch = await failure(getClusterInfo({ binDir: partial, slurmConf: cluster.conf }));
    expect(noSbatch.code).toBe('missing_tool');
    expect(noSbatch.message).toContain(
      `sbatch is not found in the configured Slurm binDir ${partial}`,
    );
    expect(noSbatch.details).toMatchObject({ tool: 'sbatch', binDir: partial });
  });

  it('says munge refused the credential when this host has another munge key', async () => {
    const other = path.join(tmp, 'other-key');
    await mkdir(path.join(other, 'log'), { recursive: true });
    await chmod(tmp, 0o755);
    const munged = await startMunged(other);
    try {
      const conf = await confVariant(cluster, other, (c) =>
        c.replace(mungeSocket(cluster.dir), mungeSocket(other)),
      );
      const error = await failure(getClusterInfo({ binDir, slurmConf: conf }));
      expect(error.code).toBe('not_available');
      expect(error.details).toMatchObject({ failure: 'munge_refused', tool: 'sinfo' });
      expect(error.message).toContain('refused this host');
      expect(error.message).toContain('same munge key');
      expect(error.message).toContain(`SLURM_CONF=${conf}`);
    } finally {
      munged.child.kill('SIGTERM');
      await munged.exited;
    }
  }, 30_000);

  it('says the controller does not answer when slurm.conf points where no slurmctld listens', async () => {
    const port = await getPort();
    const conf = await confVariant(cluster, path.join(tmp, 'no-ctld'), (c) =>
      c.replace(/^SlurmctldPort=\d+$/m, `SlurmctldPort=${port}`),
    );
    const error = await failure(getClusterInfo({ binDir, slurmConf: conf, timeoutMs: 60_000 }));
    expect(error.code).toBe('not_available');
    expect(error.details).toMatchObject({ failure: 'controller_unreachable' });
    expect(error.message).toContain('Unable to contact slurm controller');
    expect(error.message).toContain('SlurmctldHost and SlurmctldPort');
  }, 90_000);

  it('says munged is not reachable once the cluster munged stops', async () => {
    await cluster.stopMunged();
    const error = await failure(getClusterInfo({ binDir, slurmConf: cluster.conf }));
    expect(error.code).toBe('not_available');
    expect(error.details).toMatchObject({ failure: 'munge_unreachable' });
    expect(error.message).toContain('Munge encode failed');
    expect(error.message).toContain('Check that munged runs here');
  }, 30_000);
});
