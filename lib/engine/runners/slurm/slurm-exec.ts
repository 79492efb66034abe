// Runs one Slurm client command (sbatch, squeue, scontrol, scancel, sinfo, srun) with the configured binaries and
// SLURM_CONF, never through a shell; its failures become errors that say what to check.
import { execFile, type ExecFileException } from 'node:child_process';
import path from 'node:path';
import { EngineError } from '../../errors';
import { slurmCommandError } from './slurm-errors';

export type SlurmTool = 'sbatch' | 'squeue' | 'scontrol' | 'scancel' | 'sinfo' | 'srun';

export interface SlurmEnv {
  /** Folder of the Slurm binaries (default: PATH). */
  binDir?: string;
  /** SLURM_CONF for every command (default: Slurm's own). */
  slurmConf?: string;
}

export interface SlurmCallOptions {
  timeoutMs?: number;
  /** The environment the command runs with (default: Hangar's); SLURM_CONF is set over it. */
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs `tool args…`; resolves with stdout, or rejects with an EngineError naming the tool and Slurm's words. */
export function slurm(
  tool: SlurmTool,
  args: string[],
  slurmEnv: SlurmEnv,
  options: SlurmCallOptions = {},
): Promise<string> {
  const file = slurmEnv.binDir ? path.join(slurmEnv.binDir, tool) : tool;
  const env = {
    ...(options.env ?? (process.env as Record<string, string>)),
    ...(slurmEnv.slurmConf ? { SLURM_CONF: slurmEnv.slurmConf } : {}),
  };
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        env: env as NodeJS.ProcessEnv,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 << 20,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        reject(slurmError(tool, args, file, slurmEnv, error, stderr));
      },
    );
  });
}

function slurmError(
  tool: SlurmTool,
  args: string[],
  file: string,
  slurmEnv: SlurmEnv,
  error: ExecFileException,
  stderr: string,
): EngineError {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    const where = slurmEnv.binDir
      ? `in the configured Slurm binDir ${slurmEnv.binDir}`
      : 'on PATH (no Slurm binDir is configured)';
    return new EngineError(
      'missing_tool',
      `Slurm is configured but ${tool} is not found ${where}. Install Slurm's client commands (Debian: slurm-client or slurm-wlm) or point runners.slurm.binDir in config.json at the directory that has ${tool}.`,
      { details: { tool, file, binDir: slurmEnv.binDir } },
    );
  }
  if (error.killed)
    return new EngineError(
      'timeout',
      `${tool} did not answer in time; is slurmctld reachable (SlurmctldHost in ${slurmEnv.slurmConf ?? "Slurm's default slurm.conf"})?`,
      { details: { tool, args, stderr: stderr.trim() } },
    );
  return slurmCommandError(tool, args, stderr, slurmEnv.slurmConf);
}
