// Starts one process, in a pseudo-terminal (node-pty) or with pipes, in its own session and group.
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { EngineError } from '../errors';
import { killTree, type KillOptions, type KillResult } from './kill-tree';
import { constants, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isAlive, readProc } from './proc-table';
import { DrainFilter, drainedBashArgs } from './pty-drain';
import {
  closeInput,
  keeperFiles,
  LogFollower,
  spawnKept,
  writeInput,
  type KeeperFiles,
} from './keeper';

/** Environment variable carried by everything Hangar starts; its value identifies one process tree. */
export const MARKER_ENV = 'HANGAR_PROC';

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

/** What a kept process leaves for a later Hangar to find it by. */
export interface KeptHandle {
  files: KeeperFiles;
  /** Bytes of the log already read (a later Hangar continues there). */
  offset(): number;
}

export interface ExitInfo {
  exitCode: number | null;
  signal: number | null;
}

export type DataListener = (data: string) => void;
export type ExitListener = (exit: ExitInfo) => void;

/** A started process: its output, its exit, and a stop that takes its whole tree down. */
export class SpawnedProcess {
  readonly token: string;
  readonly pid: number;
  readonly startedAt = Date.now();
  /** Start time in clock ticks (from /proc), to tell this process from a later one with the same pid. */
  startTime: number | null = null;
  exit: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  private readonly dataListeners = new Set<DataListener>();
  private readonly exitListeners = new Set<ExitListener>();
  private stopping: Promise<KillResult> | null = null;

  private readonly drain: DrainFilter | null;

  constructor(
    private readonly handle:
      { kind: 'pty'; pty: IPty } | { kind: 'child'; child: ChildProcess } | KeptState,
    token: string,
    drain = false,
  ) {
    this.drain = drain ? new DrainFilter() : null;
    this.token = token;
    this.pid =
      handle.kind === 'pty'
        ? handle.pty.pid
        : handle.kind === 'kept'
          ? handle.pid
          : handle.child.pid!;
    let resolveExit!: (exit: ExitInfo) => void;
    this.exited = new Promise((resolve) => (resolveExit = resolve));
    const finish = (exit: ExitInfo): void => {
      if (this.exit) return;
      this.exit = exit;
      resolveExit(exit);
      for (const listener of this.exitListeners) listener(exit);
    };
    if (handle.kind === 'kept') {
      handle.follower = new LogFollower(handle.files.log, handle.startOffset, (data) =>
        this.emitData(data),
      );
      const follower = handle.follower;
      follower.start();
      const ended = (code: number | null, signal: number | null): void => {
        void follower.finish().then(() => {
          closeInput(handle.inputFd);
          // Its output is in the run's log by now; the keeper's copy and its input go with it.
          void Promise.all([
            rm(handle.files.log, { force: true }),
            rm(handle.files.input, { force: true }),
          ]).catch((error: unknown) => {
            console.error('[processes] could not remove a keeper file:', error);
          });
          // The trailer holds the command's own status; without it (the keeper was killed) the keeper's is all there is.
          finish({
            exitCode: follower.exitCode ?? code,
            signal: follower.exitCode === null ? signal : null,
          });
        });
      };
      if (handle.child)
        handle.child.on('exit', (code, sig) => ended(code, sig ? signalNumber(sig) : null));
      else watchAdopted(handle.pid, () => ended(null, null));
    } else if (handle.kind === 'pty') {
      handle.pty.onData((data) => this.ptyData(data));
      handle.pty.onExit(({ exitCode, signal }) => {
        const rest = this.drain?.flush();
        if (rest) this.emitData(rest);
        finish({ exitCode: signal ? null : exitCode, signal: signal || null });
      });
    } else {
      handle.child.stdout!.setEncoding('utf8').on('data', (data: string) => this.emitData(data));
      handle.child.stderr!.setEncoding('utf8').on('data', (data: string) => this.emitData(data));
      // 'close' fires after the pipes drained, so no output arrives after the exit.
      handle.child.on('close', (code, sig) =>
        finish({ exitCode: code, signal: sig ? signalNumber(sig) : null }),
      );
    }
    void readProc(this.pid).then((info) => {
      if (info) this.startTime = info.startTime;
    });
  }

  get kind(): 'pty' | 'child' | 'kept' {
    return this.handle.kind;
  }

  /** The keeper's files and read position, for a kept process; null otherwise. */
  get kept(): KeptHandle | null {
    const handle = this.handle;
    if (handle.kind !== 'kept') return null;
    return { files: handle.files, offset: () => handle.follower?.position ?? handle.startOffset };
  }

  /** `HANGAR_PROC=<token>`, the marker entry of this tree. */
  get marker(): string {
    return `${MARKER_ENV}=${this.token}`;
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: ExitListener): () => void {
    if (this.exit) {
      listener(this.exit);
      return () => undefined;
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  write(data: string): void {
    if (this.exit) return;
    if (this.handle.kind === 'pty') this.handle.pty.write(data);
    else if (this.handle.kind === 'kept') writeInput(this.handle.inputFd, data);
    else this.handle.child.stdin?.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exit || this.handle.kind !== 'pty') return;
    this.handle.pty.resize(Math.max(1, Math.floor(cols)), Math.max(1, Math.floor(rows)));
  }

  /** Pauses/resumes reading output (back-pressure for slow consumers; a kept process's output waits in its file). */
  pause(): void {
    if (this.handle.kind === 'pty') this.handle.pty.pause();
    else if (this.handle.kind === 'child') this.handle.child.stdout?.pause();
  }

  resume(): void {
    if (this.handle.kind === 'pty') this.handle.pty.resume();
    else if (this.handle.kind === 'child') this.handle.child.stdout?.resume();
  }

  /** Lets go of a kept process without stopping it (Hangar shuts down and leaves its apps running). */
  async release(): Promise<void> {
    if (this.handle.kind !== 'kept') return;
    await this.handle.follower?.close();
    closeInput(this.handle.inputFd);
    this.handle.child?.unref();
  }

  /** Stops the whole tree (group, session, marked descendants); idempotent; resolves once all are gone. */
  stop(options: KillOptions = {}): Promise<KillResult> {
    this.stopping ??= (async () => {
      const result = await killTree(
        { pid: this.pid, pgid: this.pid, sid: this.pid, marker: this.marker },
        options,
      );
      if (!this.exit) await Promise.race([this.exited, new Promise((r) => setTimeout(r, 1000))]);
      return result;
    })();
    return this.stopping;
  }

  private ptyData(data: string): void {
    if (!this.drain) return this.emitData(data);
    const wasSeen = this.drain.seen;
    const out = this.drain.push(data);
    if (out) this.emitData(out);
    // Everything before the marker has been read: let the shell exit.
    if (!wasSeen && this.drain.seen && this.handle.kind === 'pty') this.handle.pty.write('\n');
  }

  private emitData(data: string): void {
    for (const listener of this.dataListeners) listener(data);
  }
}

function signalNumber(name: NodeJS.Signals): number {
  const table: Record<string, number> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return table[name] ?? 0;
}

/** A kept process as SpawnedProcess drives it: the keeper (our child, or adopted by pid), its files, its log reader. */
interface KeptState {
  kind: 'kept';
  child: ChildProcess | null;
  pid: number;
  inputFd: number;
  files: KeeperFiles;
  startOffset: number;
  follower?: LogFollower;
}

/** Polls an adopted keeper (not our child: no exit event) until it is gone. */
function watchAdopted(pid: number, gone: () => void): void {
  const timer = setInterval(() => {
    void isAlive(pid).then((alive) => {
      if (alive) return;
      clearInterval(timer);
      gone();
    });
  }, 250);
  timer.unref();
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
  } catch (error) {
    // No input FIFO any more: the process still runs, it only cannot be typed into.
    void error;
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
