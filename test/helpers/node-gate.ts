// Test helper: runs Hangar's node gate (the Python program a cluster job starts beside the app) on this machine,
// in a temporary folder with its own secret, as the job script does; resolves once it wrote its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GATE_FILES, NODE_GATE_SOURCE } from '../../lib/engine/runners/slurm/node-gate';

export interface RunningGate {
  port: number;
  token: string;
  dir: string;
  child: ChildProcess;
  /** The gate's own pid (the child is its parent shell when started with `parent: 'shell'`). */
  pid: number;
  /** Its stderr so far. */
  errors(): string;
  close(): Promise<void>;
}

/**
 * Starts the gate with the test process as its parent, or (`parent: 'shell'`) under a shell the test can end: the
 * gate ends when its parent does.
 */
export async function startGate(
  options: { token?: string; parent?: 'self' | 'shell'; timeoutMs?: number } = {},
): Promise<RunningGate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hangar-gate-'));
  const files = {
    program: path.join(dir, GATE_FILES.program),
    token: path.join(dir, GATE_FILES.token),
    port: path.join(dir, GATE_FILES.port),
  };
  const token = options.token ?? randomBytes(32).toString('hex');
  await writeFile(files.token, token, { mode: 0o600 });
  await writeFile(files.program, NODE_GATE_SOURCE, { mode: 0o600 });
  const gateArgs = ['-I', files.program, files.token, files.port];
  const child =
    options.parent === 'shell'
      ? spawn(
          'bash',
          [
            '--noprofile',
            '--norc',
            '-c',
            'python3 "$@" & echo $!; exec sleep 600',
            'gate',
            ...gateArgs,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        )
      : spawn('python3', gateArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let port = 0;
  while (port === 0) {
    const text = await readFile(files.port, 'utf8').catch(() => '');
    if (text !== '') port = Number(text);
    else if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`the gate did not start: ${stderr || `exit ${child.exitCode}`}`);
    } else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = options.parent === 'shell' ? Number(stdout.trim()) : child.pid!;
  return {
    port,
    token,
    dir,
    child,
    pid,
    errors: () => stderr,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      if (pid !== child.pid) killQuietly(pid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ends a process that may already be gone (ESRCH is the expected answer then). */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
