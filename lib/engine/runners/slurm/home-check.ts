// The first cluster start checks that the nodes see the Hangar home: a one-line job reads back a file written here.
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, isEngineError } from '../../errors';
import { slurm, type SlurmEnv } from './slurm-exec';

/**
 * Resolves when a node of `partition` read the probe back (true), or when no node could be had within a short wait
 * (false: the check is tried again at the next start). Rejects with an explanation when the node cannot see the home.
 */
export async function checkHomeVisible(
  home: { root: string; state: string },
  env: SlurmEnv,
  request: { partition?: string; account?: string },
): Promise<boolean> {
  const nonce = randomUUID();
  const probe = path.join(home.state, 'slurm', `home-check-${nonce}`);
  await writeFile(probe, nonce);
  try {
    const out = await slurm(
      'srun',
      [
        '--nodes=1',
        '--ntasks=1',
        '--time=1',
        '--immediate=30',
        '--quiet',
        '--job-name=hangar-home-check',
        ...(request.partition ? [`--partition=${request.partition}`] : []),
        ...(request.account ? [`--account=${request.account}`] : []),
        // The node says its name, then reads the probe back.
        'bash',
        '--noprofile',
        '--norc',
        '-c',
        'printf "%s\\n" "$SLURMD_NODENAME" && cat -- "$1"',
        'bash',
        probe,
      ],
      env,
      { timeoutMs: 60_000, cwd: '/' },
    );
    const [node, read] = out.trim().split('\n');
    if (read === nonce) return true;
    throw notVisible(
      home.root,
      request.partition,
      node ?? null,
      `it read "${(read ?? '').slice(0, 80)}" instead`,
    );
  } catch (error) {
    if (!isEngineError(error) || error.code !== 'step_failed') throw error;
    const stderr = error.details?.stderr;
    const said = typeof stderr === 'string' && stderr ? stderr : error.message;
    const cause = /^.*(?:No such file|Permission denied|cannot open).*$/im.exec(said);
    // srun names the node whose task failed: "srun: error: node1: task 0: Exited with exit code 1".
    const node = /srun: error: ([^\s:]+): task/.exec(said)?.[1] ?? null;
    if (cause) throw notVisible(home.root, request.partition, node, cause[0].trim());
    // No node free within the wait (or the partition refuses such a short job): not a verdict on the home.
    return false;
  } finally {
    await rm(probe, { force: true });
  }
}

function notVisible(
  root: string,
  partition: string | undefined,
  node: string | null,
  said: string,
): EngineError {
  const where = `${node ? `node ${node}` : 'a node'} of ${partition ? `partition ${partition}` : 'the default partition'}`;
  return new EngineError(
    'not_available',
    `The cluster cannot see the Hangar home ${root}: ${where} could not read a file Hangar wrote there (${said}). Apps run on a node from the folders Hangar installed them in, so the home must be on a filesystem every node mounts at the same path (NFS, Lustre, BeeGFS, CephFS…): start Hangar with --home on such a filesystem.`,
    { details: { home: root, node, partition: partition ?? null } },
  );
}
