// Finds the Slurm commands (in the configured binDir, else on PATH) and runs them without a shell.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../../errors';
import type { SlurmToolOptions } from './cluster-types';
import { slurm, type SlurmTool } from './slurm-exec';

const DEFAULT_TIMEOUT_MS = 15_000;

/** Absolute path of a Slurm command; `missing_tool` naming it and where it was looked for. */
export async function findSlurmTool(tool: string, options: SlurmToolOptions): Promise<string> {
  const dirs = options.binDir
    ? [options.binDir]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, tool);
    if (await isExecutable(file)) return file;
  }
  const where = options.binDir
    ? `in the configured Slurm binDir ${options.binDir}`
    : 'on PATH (no Slurm binDir is configured)';
  throw new EngineError(
    'missing_tool',
    `Slurm is configured but ${tool} is not found ${where}. Install Slurm's client commands ` +
      `(Debian: slurm-client or slurm-wlm) or point binDir at the directory that has ${tool}.`,
    { details: { tool, binDir: options.binDir } },
  );
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    // Absent or not executable: the next directory may have it.
    return false;
  }
}

/** Runs a Slurm command with SLURM_CONF from the options; failures become EngineErrors that say why. */
export function runSlurmTool(
  tool: SlurmTool,
  args: string[],
  options: SlurmToolOptions,
): Promise<string> {
  return slurm(tool, args, options, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
