// Questions to the controller about one job: its id by name, its fields by id.
import { errorMessage } from '../../errors';
import { jobFields, type JobFields } from './job-info';
import { slurm, type SlurmEnv } from './slurm-exec';

/** The id of the queued or running job of that name (a submission whose answer was lost); null when none. */
export async function jobIdByName(env: SlurmEnv, name: string): Promise<string | null> {
  const out = await slurm('squeue', ['--noheader', '--format=%i', `--name=${name}`], env);
  return out.trim().split('\n')[0] || null;
}

/** `scontrol show job` of one job; null once the controller no longer knows it (MinJobAge after its end). */
export async function jobById(env: SlurmEnv, jobId: string): Promise<JobFields | null> {
  try {
    return jobFields(await slurm('scontrol', ['show', 'job', '-o', jobId], env));
  } catch (error) {
    if (/Invalid job id/i.test(errorMessage(error))) return null;
    throw error;
  }
}
