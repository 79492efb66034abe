// A cluster that fails to start, or whose test process is interrupted, leaves nothing behind.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSlurmCluster } from './cluster';
import { run } from './exec';

/** Live processes whose command line names `dir` (the cluster's daemons). */
function processesNaming(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      // The process ended while /proc was listed.
      continue;
    }
    if (cmdline.includes(dir)) pids.push(Number(entry));
  }
  return pids;
}

async function expectNothingLeft(dir: string, clusterName: string): Promise<void> {
  expect(await run('ip', ['netns', 'list'])).not.toContain(clusterName);
  expect(await run('ip', ['-o', 'link', 'show'])).not.toContain(clusterName);
  expect(existsSync(dir)).toBe(false);
  expect(processesNaming(dir)).toEqual([]);
}

describe('Slurm test cluster teardown', () => {
  it('a start that fails throws with the daemon log and tears down what it started', async () => {
    const error = await startSlurmCluster({ nodes: 1, extraConf: ['NoSuchSetting=1'] }).then(
      () => new Error('the cluster started'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/^Slurm test cluster did not start: slurmctld exited with code/);
    expect(error.message).toContain('NoSuchSetting');
    const dir = /(\/\S*hangar-slurm-([0-9a-z]{4})-[^/\s]+)\//.exec(error.message);
    expect(dir).not.toBeNull();
    await expectNothingLeft(dir![1], `hsl${dir![2]}`);
  }, 60_000);

  it('a test process interrupted with SIGTERM stops its cluster on the way out', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'hold-cluster.mts')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      void exited.then(() =>
        reject(new Error(`the child exited before its cluster was up: ${stderr}`)),
      );
    });
    const held = JSON.parse(line) as {
      dir: string;
      clusterName: string;
      nodes: { netns: string }[];
    };
    expect(await run('ip', ['netns', 'list'])).toContain(held.nodes[0].netns);
    expect(processesNaming(held.dir).length).toBeGreaterThanOrEqual(3);
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await expectNothingLeft(held.dir, held.clusterName);
  }, 90_000);
});
