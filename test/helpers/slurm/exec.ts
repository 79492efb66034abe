// Runs a tool (ip, sinfo, mknod...) without a shell and returns its stdout; failures name the command and its stderr.
import { execFile } from 'node:child_process';

export interface RunOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function run(file: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 15_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = String(stderr).trim() || error.message;
          reject(new Error(`${file} ${args.join(' ')} failed: ${detail}`, { cause: error }));
          return;
        }
        resolve(String(stdout));
      },
    );
  });
}
