// A daemon the cluster started in the foreground: its output goes to a log file, its exit is awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

export interface Daemon {
  label: string;
  child: ChildProcess;
  pid: number;
  log: string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  hasExited(): boolean;
  exitDescription(): string;
}

export function startDaemon(label: string, file: string, args: string[], log: string): Daemon {
  const fd = openSync(log, 'a');
  const child = spawn(file, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let done = false;
  let how = 'running';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      done = true;
      how = `could not start: ${error.message}`;
      resolve();
    });
  });
  if (child.pid === undefined) {
    return {
      label,
      child,
      pid: -1,
      log,
      exited,
      hasExited: () => true,
      exitDescription: () => how,
    };
  }
  return {
    label,
    child,
    pid: child.pid,
    log,
    exited,
    hasExited: () => done,
    exitDescription: () => how,
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopDaemon(daemon: Daemon, graceMs = 5000): Promise<void> {
  if (daemon.hasExited()) return;
  daemon.child.kill('SIGTERM');
  const timer = setTimeout(() => daemon.child.kill('SIGKILL'), graceMs);
  await daemon.exited;
  clearTimeout(timer);
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log at ${file}: ${(error as Error).message})`;
  }
}
