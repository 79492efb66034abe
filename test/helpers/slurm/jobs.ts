// Submitting and watching jobs on a test cluster through the real Slurm commands.
import { run } from './exec';
import type { SlurmCluster } from './types';

export function slurm(cluster: SlurmCluster, tool: string, args: string[]): Promise<string> {
  return run(tool, args, { env: cluster.env, timeoutMs: 20_000 });
}

/** Submits a batch script (bash, no profile) and returns the job id. */
export async function submit(cluster: SlurmCluster, script: string, args: string[] = []) {
  const out = await slurm(cluster, 'sbatch', [
    '--parsable',
    `--partition=${cluster.partition}`,
    `--output=${cluster.dir}/job-%j.out`,
    ...args,
    '--wrap',
    `exec bash --noprofile --norc -c ${shellQuote(script)}`,
  ]);
  const id = out.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new Error(`sbatch printed no job id: ${out}`);
  return id;
}

export interface JobInfo {
  state: string;
  reason: string;
  nodes: string;
}

export async function jobInfo(cluster: SlurmCluster, id: string): Promise<JobInfo> {
  const out = await slurm(cluster, 'scontrol', ['show', 'job', '-o', id]);
  const field = (name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(out)?.[1] ?? '';
  return { state: field('JobState'), reason: field('Reason'), nodes: field('NodeList') };
}

/** Polls `scontrol show job` until `done` holds; throws with the last state seen after `timeoutMs`. */
export async function waitJob(
  cluster: SlurmCluster,
  id: string,
  done: (job: JobInfo) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<JobInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await jobInfo(cluster, id);
    if (done(job)) return job;
    if (Date.now() > deadline) {
      throw new Error(
        `job ${id}: ${what} did not happen within ${timeoutMs} ms (${JSON.stringify(job)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
