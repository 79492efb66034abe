// Starts one process, in a pseudo-terminal (node-pty), with pipes, or under a keeper, in its own session and group.
import { spawn as spawnChild } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants, openSync } from 'node:fs';
import { spawn as spawnPty } from 'node-pty';
import { EngineError } from '../errors';
import { keeperFiles, spawnKept, type KeeperFiles } from './keeper';
import { MARKER_ENV } from './markers';
import { drainedBashArgs } from './pty-drain';
import { SpawnedProcess } from './spawned-process';

export { MARKER_ENV } from './markers';
export {
  SpawnedProcess,
  type DataListener,
  type ExitInfo,
  type ExitListener,
  type KeptHandle,
} from './spawned-process';

export interface SpawnSpec {
  /** Executable (resolved through PATH). */
  file: string;
  args?: string[];
  cwd: string;
  env: Record<string, string>;
  /** Pseudo-terminal (default) or plain pipes (stdout and stderr merged). */
  pty?: boolean;
  cols?: number;
  rows?: number;
  /**
   * `file` is ignored and `args[0]` is a bash script run so that no output is lost at exit
   * (see pty-drain.ts). For commands whose every output line matters (shell steps).
   */
  drain?: boolean;
  /**
   * Run under a keeper (see keeper.ts) whose files live in this folder: the process keeps running, with its
   * terminal and its output, when Hangar stops or dies, and a later Hangar adopts it.
   */
  keepIn?: string;
}

/** Takes over a kept process a previous Hangar started: follows its log from `offset`, writes to its input. */
export function adoptKept(record: {
  pid: number;
  token: string;
  files: KeeperFiles;
  offset: number;
}): SpawnedProcess {
  let inputFd = -1;
  try {
    inputFd = openSync(record.files.input, constants.O_RDWR | constants.O_NONBLOCK);
  } catch {
    // No input FIFO any more: the process still runs, it only cannot be typed into.
  }
  return new SpawnedProcess(
    {
      kind: 'kept',
      child: null,
      pid: record.pid,
      inputFd,
      files: record.files,
      startOffset: record.offset,
    },
    record.token,
  );
}

/** Starts `spec` in a new session (so it has its own process group) carrying the tree marker. */
export function spawnProcess(spec: SpawnSpec, token: string = randomUUID()): SpawnedProcess {
  const env = { ...spec.env, [MARKER_ENV]: token };
  try {
    if (spec.keepIn !== undefined && spec.pty !== false) {
      // No drain is needed here: `script` writes everything the command printed before it exits.
      const file = spec.drain ? 'bash' : spec.file;
      const args = spec.drain
        ? ['--noprofile', '--norc', '-c', (spec.args ?? [])[0] ?? '']
        : (spec.args ?? []);
      const files = keeperFiles(spec.keepIn, token);
      const { child, inputFd } = spawnKept({
        file,
        args,
        cwd: spec.cwd,
        env,
        cols: spec.cols ?? 100,
        rows: spec.rows ?? 30,
        files,
      });
      if (child.pid === undefined)
        throw new EngineError(
          'missing_tool',
          'Could not start the process keeper `script` (util-linux): not found.',
          { details: { file: 'script' } },
        );
      return new SpawnedProcess(
        { kind: 'kept', child, pid: child.pid, inputFd, files, startOffset: 0 },
        token,
      );
    }
    if (spec.pty !== false) {
      const file = spec.drain ? 'bash' : spec.file;
      const args = spec.drain ? drainedBashArgs((spec.args ?? [])[0] ?? '') : (spec.args ?? []);
      const pty = spawnPty(file, args, {
        name: 'xterm-256color',
        cols: spec.cols ?? 100,
        rows: spec.rows ?? 30,
        cwd: spec.cwd,
        env,
      });
      return new SpawnedProcess({ kind: 'pty', pty }, token, spec.drain === true);
    }
    const child = spawnChild(spec.file, spec.args ?? [], {
      cwd: spec.cwd,
      env: env as unknown as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A failed exec is reported below through the missing pid; later errors surface as the exit.
    child.on('error', () => undefined);
    if (child.pid === undefined) {
      throw new EngineError(
        'missing_tool',
        `Could not start ${spec.file}: not found or not executable.`,
        { details: { file: spec.file } },
      );
    }
    return new SpawnedProcess({ kind: 'child', child }, token);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('internal', `Could not start ${spec.file}: ${(error as Error).message}`, {
      cause: error,
      details: { file: spec.file },
    });
  }
}
