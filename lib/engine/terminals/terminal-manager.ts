// Terminal sessions owned by the engine: node-pty shells that outlive browser tabs and restore their screen.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { activateVenv } from '../venv';
import type { TerminalInfo } from '../../shared/run';
import { EngineError } from '../errors';
import type { EventBus } from '../events';
import { killTree } from '../processes/kill-tree';
import { MARKER_ENV } from '../processes/markers';
import type { ProcessRecord, ProcessRecords } from '../processes/process-records';
import type { SpawnedProcess } from '../processes/spawn';
import { Screen, type ScreenSnapshot } from './screen';
import { adoptTerminal, spawnTerminal } from './terminal-process';

export interface TerminalOpenOptions {
  cwd: string;
  cols?: number;
  rows?: number;
  /** Extra environment, on top of the manager's base environment. */
  env?: Record<string, string>;
  /** Python venv folder to activate (absolute, or relative to `cwd`). */
  venv?: string;
  title?: string;
}

export type { TerminalInfo } from '../../shared/run';

export interface TerminalManagerOptions {
  bus: EventBus;
  /** Shell and its arguments (default: `$SHELL` or bash, interactive). */
  shell?: { file: string; args: string[] };
  /** Base environment (default: this process's). */
  env?: Record<string, string>;
  /** The owner marker of the home (a restarted Hangar stops terminals its predecessor left). */
  owner?: Record<string, string>;
  /**
   * The home's process records: each shell is recorded before it starts, so a restarted Hangar takes it over
   * (under a keeper) or ends it with a hangup, and never leaves it orphaned.
   */
  records?: ProcessRecords | null;
  /**
   * Folder for the keeper's files (see processes/keeper.ts): shells run under a keeper there and outlive a Hangar
   * restart; a restarted Hangar adopts them (`adopt`) with their id, screen and input. Without it, shells run in a
   * pty of this process and end with it.
   */
  keepIn?: string;
  maxSessions?: number;
  /** Lines of scrollback kept for reconnects (default 1000). */
  scrollback?: number;
}

interface Session {
  info: TerminalInfo;
  proc: SpawnedProcess;
  screen: Screen;
}

export class TerminalManager {
  private readonly sessions = new Map<string, Session>();
  private disposed = false;

  constructor(private readonly options: TerminalManagerOptions) {}

  open(options: TerminalOpenOptions): { id: string } {
    if (this.disposed) throw new EngineError('conflict', 'Terminals are shut down.');
    const max = this.options.maxSessions ?? 32;
    if (this.sessions.size >= max)
      throw new EngineError('conflict', `Too many terminals open (limit ${max}); close one first.`);
    if (!existsSync(options.cwd) || !statSync(options.cwd).isDirectory()) {
      throw new EngineError('not_found', `Terminal folder ${options.cwd} does not exist.`, {
        details: { cwd: options.cwd },
      });
    }
    const cols = clamp(options.cols ?? 100, 2, 1000);
    const rows = clamp(options.rows ?? 30, 2, 500);
    const env = {
      ...(this.options.env ?? stringEnv(process.env)),
      ...options.env,
      ...this.options.owner,
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
    };
    if (options.venv) activateVenv(env, path.resolve(options.cwd, options.venv));
    const shell = this.options.shell ?? defaultShell();
    const info = {
      id: randomUUID(),
      cwd: options.cwd,
      cols,
      rows,
      title: options.title ?? path.basename(options.cwd),
      createdAt: Date.now(),
    };
    const proc = spawnTerminal({
      info,
      shell,
      env,
      records: this.options.records ?? null,
      keepIn: this.options.keepIn ?? null,
    });
    this.attach({ ...info, pid: proc.pid }, proc);
    return { id: info.id };
  }

  /**
   * Takes over the kept terminals a previous Hangar left running (the records its supervisor's recovery reported
   * adopted): same id, recent screen, input and resize; a client reattaches as after a reload.
   */
  async adopt(records: ProcessRecord[]): Promise<void> {
    for (const record of records) {
      const adopted = await adoptTerminal(record);
      if (!adopted) {
        await this.endUnadoptable(record);
        continue;
      }
      this.attach(adopted.info, adopted.proc);
      // Its recent output is on the screen before any client asks for it.
      await adopted.proc.caughtUp();
    }
  }

  /** A record without a keeper or terminal section cannot be taken over: its tree is ended, its record dropped. */
  private async endUnadoptable(record: ProcessRecord): Promise<void> {
    await killTree(
      {
        pid: record.pid,
        pgid: record.pgid,
        sid: record.sid,
        marker: `${MARKER_ENV}=${record.token}`,
      },
      { signal: 'SIGHUP', graceMs: 2000 },
    );
    this.options.records?.remove(record.token);
  }

  private attach(info: TerminalInfo, proc: SpawnedProcess): void {
    const id = info.id;
    const screen = new Screen(info.cols, info.rows, this.options.scrollback ?? 1000);
    this.sessions.set(id, { info, proc, screen });
    proc.onData((data) => {
      screen.write(data);
      this.options.bus.emit('terminal:data', { id, data });
    });
    proc.onExit((exit) => {
      this.options.records?.remove(proc.token);
      this.sessions.delete(id);
      screen.dispose();
      this.options.bus.emit('terminal:exit', { id, exitCode: exit.exitCode, signal: exit.signal });
    });
  }

  write(id: string, data: string): void {
    this.get(id).proc.write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    const session = this.get(id);
    session.info.cols = clamp(cols, 2, 1000);
    session.info.rows = clamp(rows, 2, 500);
    session.proc.resize(session.info.cols, session.info.rows);
    session.screen.resize(session.info.cols, session.info.rows);
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s.info }));
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  /** The screen (with scrollback) to paint into a reconnecting client's xterm before live data. */
  snapshot(id: string): Promise<ScreenSnapshot> {
    return this.get(id).screen.snapshot();
  }

  /** Ends the session: SIGHUP to the shell's tree (interactive shells ignore SIGTERM), then SIGKILL. */
  async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    await session.proc.stop({ signal: 'SIGHUP', graceMs: 2000 });
  }

  /**
   * Ends every session (server shutdown). With `keep`, sessions under a keeper are let go instead, still recorded,
   * for the next Hangar to adopt.
   */
  async dispose(options: { keep?: boolean } = {}): Promise<void> {
    this.disposed = true;
    for (const [id, session] of this.sessions) {
      if (!options.keep || !session.proc.kept) continue;
      this.sessions.delete(id);
      await session.proc.release();
    }
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session)
      throw new EngineError('terminal_not_found', `No terminal ${id}.`, { details: { id } });
    return session;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(value) ? value : min)));
}

function defaultShell(): { file: string; args: string[] } {
  const file = process.env.SHELL || 'bash';
  return { file, args: /(ba|z)sh$/.test(file) ? ['-i'] : [] };
}

export function stringEnv(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined) out[key] = value;
  return out;
}
