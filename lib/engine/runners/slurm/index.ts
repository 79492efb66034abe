// The Slurm runner and its cluster view.
export { SlurmRunner } from './slurm-runner';
export { SlurmJob } from './slurm-job';
export { slurm, type SlurmEnv, type SlurmTool } from './slurm-exec';
export { describeJob, isEnded } from './job-info';
