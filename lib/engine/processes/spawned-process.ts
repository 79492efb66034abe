// A started process: its output, its exit, its input, and a stop that takes its whole tree down. It runs in a pty
// (node-pty), with pipes, or under a keeper (see keeper.ts) that outlives Hangar.
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { IPty } from 'node-pty';
import {
  closeInput,
  keptTerminal,
  LogFollower,
  resizeTerminal,
  writeInput,
  type KeeperFiles,
} from './keeper';
import { killTree, type KillOptions, type KillResult } from './kill-tree';
import { MARKER_ENV } from './markers';
import { isAlive, readProcSync } from './proc-table';
import { DrainFilter } from './pty-drain';
import type { RunnerLocation, RunnerProcess } from '../runners/types';

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
export class SpawnedProcess implements RunnerProcess {
  readonly runner = 'local' as const;
  readonly token: string;
  readonly pid: number;
  readonly startedAt = Date.now();
  /** Start time in clock ticks (from /proc), to tell this process from a later one with the same pid. */
  readonly startTime: number | null;
  exit: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  private readonly dataListeners = new Set<DataListener>();
  private readonly exitListeners = new Set<ExitListener>();
  private stopping: Promise<KillResult> | null = null;
  private nextSize: { cols: number; rows: number } | null = null;
  private released = false;
  private keptTty: string | null = null;

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
        // Let go (see release): its end, its files and its record belong to whichever Hangar adopted it.
        if (this.released) return;
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
    this.startTime = readProcSync(this.pid)?.startTime ?? null;
  }

  get kind(): 'pty' | 'child' | 'kept' {
    return this.handle.kind;
  }

  /** A kept process outlives Hangar; the next Hangar adopts it. */
  get survives(): boolean {
    return this.handle.kind === 'kept';
  }

  /** It serves on this machine's loopback. */
  locate(): RunnerLocation {
    return { host: '127.0.0.1' };
  }

  /** A local process has no scheduler. */
  status(): null {
    return null;
  }

  onStatus(): () => void {
    return () => undefined;
  }

  /** The keeper's files and read position, for a kept process; null otherwise. */
  get kept(): KeptHandle | null {
    const handle = this.handle;
    if (handle.kind !== 'kept') return null;
    return { files: handle.files, offset: () => handle.follower?.position ?? handle.startOffset };
  }

  /** Resolves once a kept process's log has been read up to its current end (an adopted one's replay included). */
  async caughtUp(): Promise<void> {
    if (this.handle.kind === 'kept') await this.handle.follower?.read();
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
    if (this.exit || this.handle.kind === 'child') return;
    const size = { cols: Math.max(1, Math.floor(cols)), rows: Math.max(1, Math.floor(rows)) };
    if (this.handle.kind === 'pty') this.handle.pty.resize(size.cols, size.rows);
    else this.resizeKept(size);
  }

  /** Resizes are applied one at a time, the latest last (a dragged window sends many). */
  private resizeKept(size: { cols: number; rows: number }): void {
    const idle = this.nextSize === null;
    this.nextSize = size;
    if (!idle) return;
    void (async () => {
      this.keptTty ??= await keptTerminal(this.pid);
      while (this.nextSize && this.keptTty && !this.exit) {
        const { cols, rows } = this.nextSize;
        await resizeTerminal(this.keptTty, cols, rows).catch((error: unknown) => {
          console.error('[processes] could not resize a kept terminal:', (error as Error).message);
        });
        if (this.nextSize.cols === cols && this.nextSize.rows === rows) break;
      }
      this.nextSize = null;
    })();
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
    this.released = true;
    await this.handle.follower?.close();
    closeInput(this.handle.inputFd);
    this.handle.child?.unref();
  }

  /** Stops the whole tree (group, session, marked descendants); idempotent; resolves once all are gone. */
  stop(options: KillOptions = {}): Promise<KillResult> {
    this.stopping ??= (async () => {
      const result = await killTree(
        {
          pid: this.pid,
          pgid: this.pid,
          sid: this.pid,
          marker: this.marker,
          keeper: this.handle.kind === 'kept',
        },
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
export interface KeptState {
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
