// Runs the real `hangar` command (server/bin/hangar.mjs) as a child process and collects what it printed.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './server';

export const HANGAR_BIN = path.join(repoRoot, 'server/bin/hangar.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function hangar(...args: string[]): Promise<CliResult> {
  return hangarWithInput(undefined, ...args);
}

/** With `input` written to its stdin (then closed). */
export function hangarWithInput(input: string | undefined, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [HANGAR_BIN, ...args],
      { cwd: repoRoot, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
    child.stdin?.end(input);
  });
}
