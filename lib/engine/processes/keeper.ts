// Keeps an app's process independent of Hangar: util-linux `script` owns its pseudo-terminal in a session of its own
// and writes everything it prints to a file that Hangar follows, so a restarted (or killed) Hangar leaves it running.
//
// Why `script` and not node-pty: node-pty's master lives in Hangar's process; when Hangar dies the kernel hangs up the
// terminal (SIGHUP) and every later write by the app fails. `script` is in every Debian and Ubuntu base system
// (bsdutils), flushes each write with -f, and returns the command's exit status with -e.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  rmSync,
  watch,
  writeSync,
  type FSWatcher,
} from 'node:fs';
import { open, readlink, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { listProcs } from './proc-table';
import { StringDecoder } from 'node:string_decoder';

/** Where a kept process writes its output and reads its input. */
export interface KeeperFiles {
  /** Everything the process printed, as `script` logs it (a header line, the output, a trailer line). */
  log: string;
  /** A FIFO the keeper reads as its input; Hangar writes keystrokes into it. */
  input: string;
}

export function keeperFiles(dir: string, token: string): KeeperFiles {
  return { log: path.join(dir, `${token}.log`), input: path.join(dir, `${token}.in`) };
}

/** Quotes one word for /bin/sh. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface KeeperSpawn {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  files: KeeperFiles;
}

/** Starts `script` detached (its own session), reading the input FIFO (held open read-write: no EOF when Hangar goes). */
export function spawnKept(spec: KeeperSpawn): { child: ChildProcess; inputFd: number } {
  mkdirSync(path.dirname(spec.files.log), { recursive: true });
  rmSync(spec.files.input, { force: true });
  rmSync(spec.files.log, { force: true });
  execFileSync('mkfifo', ['-m', '600', spec.files.input]);
  const inputFd = openSync(spec.files.input, constants.O_RDWR | constants.O_NONBLOCK);
  // `script` runs the command with $SHELL, set to /bin/sh below; the command gets the caller's SHELL back.
  const shell =
    spec.env.SHELL === undefined ? '' : `SHELL=${shellWord(spec.env.SHELL)}; export SHELL; `;
  const command = `${shell}stty cols ${spec.cols} rows ${spec.rows} 2>/dev/null; exec ${[spec.file, ...spec.args].map(shellWord).join(' ')}`;
  const child = spawn('script', ['-q', '-f', '-e', '-c', command, spec.files.log], {
    cwd: spec.cwd,
    env: { ...spec.env, SHELL: '/bin/sh' } as unknown as NodeJS.ProcessEnv,
    detached: true,
    stdio: [inputFd, 'ignore', 'ignore'],
  });
  // A failed exec shows as the missing pid (the caller reports it); later errors surface as the exit.
  child.on('error', () => undefined);
  return { child, inputFd };
}

/** The terminal (`/dev/pts/N`) that `script` (pid `keeperPid`) gave its command; null when it is gone. */
export async function keptTerminal(keeperPid: number): Promise<string | null> {
  const child = (await listProcs()).find((p) => p.ppid === keeperPid);
  if (!child) return null;
  const tty = await readlink(`/proc/${child.pid}/fd/0`).catch(() => null);
  return tty?.startsWith('/dev/pts/') ? tty : null;
}

const execFileAsync = promisify(execFile);

/**
 * Sets the window size of a kept process's terminal. The kernel then sends SIGWINCH to its foreground job, as a
 * resized terminal window would (`script` has no terminal of its own to pass a resize on from).
 */
export async function resizeTerminal(tty: string, cols: number, rows: number): Promise<void> {
  await execFileAsync('stty', ['-F', tty, 'cols', String(cols), 'rows', String(rows)]);
}

/** Writes keystrokes into a kept process's input FIFO; false when it is gone. */
export function writeInput(fd: number, data: string): boolean {
  try {
    writeSync(fd, data);
    return true;
  } catch {
    // EAGAIN (the keeper is not reading) or EBADF (closed): the input is dropped, as a full terminal would.
    return false;
  }
}

export function closeInput(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
}

const HEADER = /^Script started on [^\n]*\n/;
const DONE = 'Script done on ';

/**
 * Where a possible trailer begins in `data` (data.length when none): a last line that starts with (or is the start
 * of) "Script done on ", with the newline script puts before it; or a lone final newline that may precede it.
 */
function trailerStart(data: string): number {
  const lastBreak = data.lastIndexOf('\n', data.length - 2);
  const line = data.slice(lastBreak + 1);
  const possible =
    line.startsWith(DONE) || (line.length > 0 && !line.includes('\n') && DONE.startsWith(line));
  if (possible) return lastBreak >= 0 ? lastBreak : 0;
  return data.endsWith('\n\n') ? data.length - 1 : data.length;
}
const TRAILER = /\r?\n?Script done on [^\n]*\[COMMAND_EXIT_CODE="(\d+)"\]\s*$/;

/**
 * Follows a keeper log from `offset`: emits what was printed (without script's header and trailer) as it lands,
 * and reports the exit code written in the trailer. Reads on inotify events, with a slow poll as a safety net.
 */
export class LogFollower {
  private handle: FileHandle | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  private headerDone = false;
  private held = '';
  /** Holds back a UTF-8 character split between two reads (the file grows at any byte). */
  private readonly decoder = new StringDecoder('utf8');
  private closed = false;
  exitCode: number | null = null;

  /** Bytes of the file read so far. */
  get position(): number {
    return this.offset;
  }

  constructor(
    private readonly file: string,
    private offset: number,
    private readonly emit: (data: string) => void,
  ) {}

  /** Follows the file (which `script` may not have created yet) through inotify on its folder, and a poll. */
  start(): void {
    this.headerDone = this.offset > 0;
    const name = path.basename(this.file);
    this.watcher = watch(path.dirname(this.file), (_event, changed) => {
      if (changed === null || changed === name) void this.read();
    });
    // The folder may go with a removed home; the poll below still ends with the process.
    this.watcher.on('error', () => undefined);
    this.timer = setInterval(() => void this.read(), 250);
    this.timer.unref();
    void this.read();
  }

  /** Reads whatever landed since the last read (serialised; a read asked for meanwhile runs right after). */
  read(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.readOnce();
      } while (this.again && !this.closed);
    })().finally(() => (this.reading = null));
    return this.reading;
  }

  /** Reads to the end one last time (the process exited), then stops following. */
  async finish(): Promise<void> {
    await this.read();
    const rest = (this.held + this.decoder.end()).replace(TRAILER, (_all, code: string) => {
      this.exitCode = Number(code);
      return '';
    });
    this.held = '';
    if (rest) this.emit(rest);
    await this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async readOnce(): Promise<void> {
    if (this.closed) return;
    this.handle ??= await open(this.file, 'r').catch(() => null);
    const handle = this.handle;
    if (!handle) return;
    const size = (await stat(this.file).catch(() => null))?.size ?? 0;
    while (this.offset < size) {
      const buf = Buffer.allocUnsafe(Math.min(size - this.offset, 1 << 20));
      const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      this.push(this.decoder.write(buf.subarray(0, bytesRead)));
    }
  }

  private push(text: string): void {
    let data = this.held + text;
    this.held = '';
    if (!this.headerDone) {
      const header = HEADER.exec(data);
      if (!header) {
        this.held = data;
        return;
      }
      data = data.slice(header[0].length);
      this.headerDone = true;
    }
    // The last line may be script's trailer (or its start): hold it back until the end tells.
    const cut = trailerStart(data);
    this.held = data.slice(cut);
    data = data.slice(0, cut);
    if (data) this.emit(data);
  }
}
