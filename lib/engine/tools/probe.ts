// Finds executables on a PATH and reads their versions, without a shell and with a time limit.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** Absolute path of `command` in the PATH list `searchPath`, or null. */
export async function findExecutable(command: string, searchPath: string): Promise<string | null> {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not in this PATH entry: try the next one.
      }
    }
  }
  return null;
}

export interface CommandOutput {
  code: number | null;
  output: string;
}

/** Runs `file args` with the given PATH; resolves with exit code and stdout+stderr (never rejects). */
export function runCommand(
  file: string,
  args: string[],
  options: { searchPath: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        timeout: options.timeoutMs ?? 5000,
        encoding: 'utf8',
        env: { ...process.env, PATH: options.searchPath },
        signal: options.signal,
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as NodeJS.ErrnoException).code === 'number'
            ? Number((error as NodeJS.ErrnoException).code)
            : null
          : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** The first dotted version number in a tool's version output (`git version 2.39.5` → `2.39.5`). */
export function parseVersion(output: string): string | null {
  const match = /(\d+\.\d+(?:\.\d+)?)/.exec(output);
  return match ? match[1]! : null;
}
