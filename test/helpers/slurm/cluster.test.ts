// The Slurm test cluster is real: nodes in their own namespaces, GPUs allocated, a killed slurmd fails its job.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import getPort from 'get-port';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive, waitFor } from '../processes';
import { startSlurmCluster, type SlurmCluster } from './cluster';
import { run } from './exec';
import { jobInfo, slurm, submit, waitJob } from './jobs';
import { netnsPids } from './network';

function get(host: string, port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/', timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}:${port} timed out`)));
    req.on('error', reject);
  });
}

async function getWhenUp(host: string, port: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await get(host, port);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Processes whose command line names the cluster's dir (its daemons), plus everything in its namespaces. */
async function clusterPids(cluster: SlurmCluster): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        // The process ended while we listed /proc.
        return '';
      }
    })();
    if (cmdline.includes(cluster.dir)) pids.push(Number(entry));
  }
  for (const node of cluster.nodes) pids.push(...(await netnsPids(node.netns)));
  return pids;
}

describe('Slurm test cluster', () => {
  let cluster: SlurmCluster;

  beforeAll(async () => {
    const started = Date.now();
    cluster = await startSlurmCluster({ nodes: 2, gpusPerNode: 2 });
    console.log(`slurm cluster ${cluster.clusterName} up in ${(Date.now() - started) / 1000} s`);
  }, 90_000);

  afterAll(() => cluster?.stop(), 60_000);

  afterEach(async () => {
    if (!existsSync(cluster.conf)) return;
    await slurm(cluster, 'scancel', [`--partition=${cluster.partition}`]);
    await waitFor(
      async () => (await slurm(cluster, 'squeue', ['-h', '-o', '%i'])).trim() === '',
      'the queue to empty',
      30_000,
    );
  }, 40_000);

  it('comes up with two idle nodes of two GPUs each, each node in its own namespace', async () => {
    const out = await slurm(cluster, 'sinfo', ['-h', '-N', '-o', '%N|%t|%G|%P']);
    expect(out.trim().split('\n').sort()).toEqual(['n1|idle|gpu:2|gpu*', 'n2|idle|gpu:2|gpu*']);
    const addrs = await Promise.all(
      cluster.nodes.map((n) => run('ip', ['-n', n.netns, '-4', '-o', 'addr', 'show'])),
    );
    cluster.nodes.forEach((n, i) => expect(addrs[i]).toContain(` ${n.addr}/24 `));
    expect(new Set(cluster.nodes.map((n) => n.addr)).size).toBe(2);
    expect(cluster.nodes.map((n) => n.addr)).not.toContain(cluster.hostAddr);
  });

  it('serves a job on a node address that the host reaches and that is not the host', async () => {
    const port = await getPort();
    const id = await submit(cluster, `exec python3 -m http.server ${port} --bind 0.0.0.0`, [
      '--nodelist=n1',
      '--gres=gpu:1',
    ]);
    const job = await waitJob(cluster, id, (j) => j.state === 'RUNNING', 'RUNNING');
    expect(job.nodes).toBe('n1');
    const res = await getWhenUp(cluster.nodes[0].addr, port);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Directory listing');
    await expect(get('127.0.0.1', port)).rejects.toThrow(/ECONNREFUSED/);
    await slurm(cluster, 'scancel', [id]);
    await waitJob(cluster, id, (j) => j.state === 'CANCELLED', 'CANCELLED');
  }, 60_000);

  it('keeps a job PENDING (Resources) while the GPUs are taken, and starts it when they free', async () => {
    const hogs = await Promise.all(
      cluster.nodes.map((n) =>
        submit(cluster, 'exec sleep 300', [`--nodelist=${n.name}`, '--gres=gpu:2']),
      ),
    );
    for (const hog of hogs) await waitJob(cluster, hog, (j) => j.state === 'RUNNING', 'RUNNING');
    const waiting = await submit(cluster, 'exec sleep 300', ['--gres=gpu:1']);
    const pending = await waitJob(
      cluster,
      waiting,
      (j) => j.state === 'PENDING' && j.reason === 'Resources',
      'PENDING (Resources)',
    );
    expect(pending.nodes).toBe('');
    await slurm(cluster, 'scancel', [hogs[1]]);
    const started = await waitJob(cluster, waiting, (j) => j.state === 'RUNNING', 'RUNNING');
    expect(started.nodes).toBe('n2');
    await slurm(cluster, 'scancel', [hogs[0], waiting]);
    for (const id of [hogs[0], waiting]) {
      await waitJob(cluster, id, (j) => j.state === 'CANCELLED', 'CANCELLED');
    }
  }, 60_000);

  it('ends a running job NODE_FAIL and sets its node DOWN when the slurmd is killed', async () => {
    const id = await submit(cluster, 'exec sleep 300', ['--nodelist=n2', '--gres=gpu:1']);
    await waitJob(cluster, id, (j) => j.state === 'RUNNING', 'RUNNING');
    const killed = Date.now();
    await cluster.killSlurmd('n2');
    const failed = await waitJob(cluster, id, (j) => j.state !== 'RUNNING', 'end', 60_000);
    console.log(`NODE_FAIL seen ${(Date.now() - killed) / 1000} s after slurmd was killed`);
    expect(failed.state).toBe('NODE_FAIL');
    const node = await slurm(cluster, 'sinfo', ['-h', '-n', 'n2', '-o', '%t']);
    expect(node.trim()).toMatch(/^down/);
    expect((await jobInfo(cluster, id)).state).toBe('NODE_FAIL');
  }, 90_000);

  it('crashNode() takes the job down with the node: it stops answering and ends NODE_FAIL', async () => {
    const port = await getPort();
    const id = await submit(cluster, `exec python3 -m http.server ${port} --bind 0.0.0.0`, [
      '--nodelist=n1',
    ]);
    await waitJob(cluster, id, (j) => j.state === 'RUNNING', 'RUNNING');
    expect((await getWhenUp(cluster.nodes[0].addr, port)).status).toBe(200);
    const crashed = Date.now();
    await cluster.crashNode('n1');
    await expect(get(cluster.nodes[0].addr, port)).rejects.toThrow(/ECONNREFUSED/);
    const failed = await waitJob(cluster, id, (j) => j.state !== 'RUNNING', 'end', 60_000);
    console.log(`NODE_FAIL seen ${(Date.now() - crashed) / 1000} s after the node crashed`);
    expect(failed.state).toBe('NODE_FAIL');
  }, 90_000);

  it('stop() leaves no daemon, job, namespace, bridge or temp dir behind', async () => {
    const pids = await clusterPids(cluster);
    expect(pids.length).toBeGreaterThanOrEqual(4);
    const started = Date.now();
    await cluster.stop();
    console.log(`slurm cluster stopped in ${(Date.now() - started) / 1000} s`);
    expect(pids.filter(alive)).toEqual([]);
    expect(await run('ip', ['netns', 'list'])).not.toContain(cluster.clusterName);
    expect(await run('ip', ['-o', 'link', 'show'])).not.toContain(cluster.clusterName);
    expect(existsSync(cluster.dir)).toBe(false);
    expect(await clusterPids(cluster)).toEqual([]);
  }, 60_000);
});
