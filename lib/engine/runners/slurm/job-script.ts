// The batch script and sbatch options of one serving command: the command runs on the node under util-linux
// `script` (a terminal, so apps print as they would locally, flushed line by line) whose log sits in the home, which
// every node sees; the job's own output keeps Slurm's messages (a time limit, a cancel). The gate (node-gate.ts)
// starts first, in the background: the app listens on the node's loopback and is reached through it.
import { shellWord } from '../../processes/keeper';
import type { Placement, SlurmConfig } from '../../../shared/placement';

export interface JobFiles {
  script: string;
  log: string;
  jobOut: string;
  /** The gate's program, the job's secret (mode 0600) and the port file the gate writes. */
  gate: { program: string; token: string; port: string };
}

export function batchScript(command: string, cwd: string, files: JobFiles): string {
  return [
    '#!/bin/bash',
    '# Written by Hangar: one app serving command as a Slurm job.',
    `cd ${shellWord(cwd)} || { echo "Hangar: the folder ${cwd.replace(/"/g, '')} is not on this node; the Hangar home must be on a filesystem every node mounts." >&2; exit 97; }`,
    'export SHELL=/bin/bash',
    'gate_python=$(command -v python3 || command -v python) || { echo "Hangar: no python3 on this node\'s PATH; the gate in front of the app needs it." >&2; exit 98; }',
    `"$gate_python" -I ${shellWord(files.gate.program)} ${shellWord(files.gate.token)} ${shellWord(files.gate.port)} &`,
    `exec script -q -f -e -c ${shellWord(command)} ${shellWord(files.log)}`,
    '',
  ].join('\n');
}

/** sbatch's options for a placement (over the configured defaults). */
export function sbatchArgs(
  placement: Placement,
  config: SlurmConfig,
  job: { name: string; cwd: string; files: JobFiles },
): string[] {
  const partition = placement.partition ?? config.partition;
  const account = placement.account ?? config.account;
  const time = placement.time ?? config.defaultTime;
  return [
    '--parsable',
    `--job-name=${job.name}`,
    `--output=${job.files.jobOut}`,
    `--chdir=${job.cwd}`,
    '--nodes=1',
    '--ntasks=1',
    // A job that lost its node ends (NODE_FAIL) instead of starting over unseen: Hangar shows it and restarts by policy.
    '--no-requeue',
    '--export=ALL',
    ...(partition ? [`--partition=${partition}`] : []),
    ...(placement.gpus ? [`--gres=gpu:${placement.gpus}`] : []),
    ...(placement.cpus ? [`--cpus-per-task=${placement.cpus}`] : []),
    ...(placement.memory ? [`--mem=${placement.memory}`] : []),
    ...(time ? [`--time=${time}`] : []),
    ...(account ? [`--account=${account}`] : []),
    job.files.script,
  ];
}
