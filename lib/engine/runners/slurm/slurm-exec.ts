// Runs one Slurm client command (sbatch, squeue, scontrol, scancel, sinfo, srun) with the configured binaries and
// SLURM_CONF, never through a shell; its failures become errors that say what to check.
import { execFile, type ExecFileException } from 'node:child_process';
import path from 'node:path';
import { EngineError } from '../../errors';

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

/** stderr of a Slurm command that means its credentials (munge) or its controller failed, not the request. */
const MUNGE = /munge|Invalid authentication credential|Zero Bytes were transmitted or received/i;
const CONTROLLER = /Unable to contact slurm controller|Socket timed out|Connection refused/i;

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
        maxBuffer: 16 << 20,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        reject(slurmError(tool, file, slurmEnv, error, stderr));
      },
    );
  });
}

function slurmError(
  tool: SlurmTool,
  file: string,
  slurmEnv: SlurmEnv,
  error: ExecFileException,
  stderr: string,
): EngineError {
  const said = stderr.trim().split('\n').slice(-3).join(' ').trim();
  const details = { tool, file, stderr: said };
  if (error.code === 'ENOENT' || error.code === 'EACCES')
    return new EngineError(
      'missing_tool',
      `Slurm's ${tool} was not found ${slurmEnv.binDir ? `in ${slurmEnv.binDir} (runners.slurm.binDir)` : 'on PATH'}: install Slurm's client commands on this machine, or set runners.slurm.binDir in config.json to their folder.`,
      { details },
    );
  if (error.killed)
    return new EngineError(
      'timeout',
      `Slurm's ${tool} did not answer in time${said ? `: ${said}` : ''}`,
      {
        details,
      },
    );
  if (MUNGE.test(said))
    return new EngineError(
      'not_available',
      `Slurm refused Hangar's credentials (munge): ${said}. Check that munged runs on this machine and that it has the cluster's munge key.`,
      { details },
    );
  if (CONTROLLER.test(said))
    return new EngineError(
      'not_available',
      `Slurm's controller cannot be reached: ${said}. Check that slurmctld runs and that SLURM_CONF${slurmEnv.slurmConf ? ` (${slurmEnv.slurmConf})` : ''} names it.`,
      { details },
    );
  return new EngineError('step_failed', `${tool} failed: ${said || error.message}`, { details });
}
