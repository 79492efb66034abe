// Apps placed on a real Slurm cluster (munged, slurmctld, two slurmd nodes in their own network namespaces, two
// generic GPUs each): started as jobs, served under their own origin from the node's address, stopped with scancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fetchApp } from '../helpers/app-origin';
import {
  closeTestbed,
  clusterTestbed,
  queued,
  waitForApp,
  type ClusterTestbed,
} from './slurm-helpers';

let bed: ClusterTestbed;

beforeAll(async () => {
  bed = await clusterTestbed(['one', 'two', 'three']);
}, 180_000);

afterAll(() => closeTestbed(bed));

const port = () => Number(new URL(bed.server.url).port);

async function page(name: string): Promise<string> {
  const res = await fetchApp(port(), name, '/');
  return `${res.status} ${await res.text()}`;
}

/** What a raw connection from this host (another machine on the cluster network) gets from host:port. */
function reach(host: string, port: number, send: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let answered = false;
    socket.on('data', () => (answered = true));
    socket.on('connect', () => socket.write(send));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? 'refused'
          : answered
            ? 'answered'
            : 'closed without an answer',
      ),
    );
    socket.on('close', () => resolve(answered ? 'answered' : 'closed without an answer'));
  });
}

/** The port file of the one job's gate (in the job's folder in the home). */
async function gatePortFile(home: string): Promise<string> {
  const jobs = path.join(home, 'cache', 'state', 'slurm');
  const [token] = (await readdir(jobs)).filter((name) => !name.startsWith('.'));
  return path.join(jobs, token!, 'gate.port');
}

describe('apps on a Slurm cluster', () => {
  it('starts a launcher as a job, serves it from its node, and stops it with no job left in squeue', async () => {
    const placed = await bed.server.rpc('apps.configure', {
      name: 'one',
      placement: { runner: 'slurm', gpus: 1, time: '10' },
    });
    expect(placed.launch.placement).toEqual({ runner: 'slurm', gpus: 1, time: '10' });
    await bed.server.rpc('apps.start', { name: 'one' });
    const app = await waitForApp(bed.server, 'one', (a) => a.state === 'running');
    expect(app.job).toMatchObject({ runner: 'slurm', state: 'RUNNING' });
    const node = bed.cluster.nodes.find((n) => n.name === app.job!.node)!;
    expect(app.job!.host).toBe(node.addr);
    // Served through the gate at the node's address; the app is bound where {{host}} told it: the node's loopback.
    expect(await page('one')).toMatch(
      new RegExp(`^200 served by ${node.name} bound to 127\\.0\\.0\\.1 job ${app.job!.jobId}`),
    );
    // Others on the cluster network reach neither the app at the node's address nor it through the gate.
    expect(await reach(node.addr, app.port!, 'GET / HTTP/1.1\r\n\r\n')).toBe('refused');
    const gatePort = Number(await readFile(await gatePortFile(bed.home), 'utf8'));
    expect(await reach(node.addr, gatePort, `GET / HTTP/1.1\r\nHost: ${node.addr}\r\n\r\n`)).toBe(
      'closed without an answer',
    );
    await bed.server.rpc('apps.stop', { name: 'one' });
    expect((await bed.server.rpc('apps.get', { name: 'one' })).state).toBe('stopped');
    expect(await queued(bed.cluster)).toEqual([]);
  }, 120_000);

  it('runs two apps on two nodes at once, each served from its own node', async () => {
    for (const name of ['one', 'two'])
      await bed.server.rpc('apps.configure', { name, placement: { runner: 'slurm', gpus: 2 } });
    await Promise.all([
      bed.server.rpc('apps.start', { name: 'one' }),
      bed.server.rpc('apps.start', { name: 'two' }),
    ]);
    const [one, two] = await Promise.all(
      ['one', 'two'].map((name) => waitForApp(bed.server, name, (a) => a.state === 'running')),
    );
    // Two GPUs each and two per node: Slurm has to put them on different nodes.
    expect(new Set([one!.job!.node, two!.job!.node]).size).toBe(2);
    expect(await page('one')).toContain(`served by ${one!.job!.node} `);
    expect(await page('two')).toContain(`served by ${two!.job!.node} `);
    // The cluster view (Settings, `hangar cluster`, the doctor) sees their GPUs in use.
    const status = await bed.server.rpc('cluster.status');
    expect(status).toMatchObject({ configured: true, slurmConf: bed.cluster.conf, error: null });
    expect(status.info!.nodes.map((n) => [n.name, n.addr, n.gpus])).toEqual(
      bed.cluster.nodes.map((n) => [n.name, n.addr, { total: 2, used: 2 }]),
    );
    expect(status.info!.partitions).toMatchObject([{ name: bed.cluster.partition, default: true }]);
    const doctor = await bed.server.rpc('system.doctor');
    expect(doctor.cluster?.info?.nodes).toHaveLength(2);
  }, 120_000);

  it('shows a job queued for free resources (PENDING, Resources) while the GPUs are taken, and serves it once they free', async () => {
    await bed.server.rpc('apps.configure', {
      name: 'three',
      placement: { runner: 'slurm', gpus: 1 },
    });
    const starting = bed.server.rpc('apps.start', { name: 'three' }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    const waiting = await waitForApp(
      bed.server,
      'three',
      (a) => a.job?.state === 'PENDING' && a.job.reason === 'Resources',
    );
    expect(waiting.state).toBe('starting');
    expect(waiting.job!.node).toBeNull();
    const runId = (await bed.server.rpc('apps.get', { name: 'three' })).runs.find((r) =>
      r.script.endsWith('start.json'),
    )!.runId;
    expect((await bed.server.rpc('runs.logText', { runId })).text).toMatch(
      /\[slurm\] job \d+: queued: waiting for free resources \(PENDING, Resources\)/,
    );
    await bed.server.rpc('apps.stop', { name: 'two' });
    expect(await starting).toBe('started');
    const three = await waitForApp(bed.server, 'three', (a) => a.state === 'running');
    expect(three.job).toMatchObject({ state: 'RUNNING', reason: null });
    expect(await page('three')).toContain(`served by ${three.job!.node} `);
    await Promise.all(['one', 'three'].map((name) => bed.server.rpc('apps.stop', { name })));
    expect(await queued(bed.cluster)).toEqual([]);
  }, 180_000);
});
