// A virtual X display (Xvfb) for one command that needs one: started first, supervised and recorded like the command.
import type { RunnerProcess } from '../runners/types';
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors';
import { LogRing } from '../processes/log-ring';
import { spawnProcess, type SpawnSpec } from '../processes/spawn';
import type { ProcessSupervisor } from '../processes/supervisor';
import { findExecutable } from '../tools/probe';

/** Marks a supervised process id as a run's virtual display (see display-owner.ts). */
export const DISPLAY_ID_PART = ':display:';

/** Size and depth of the screen a GUI program sees. */
export const SCREEN = '1280x800x24';

const READY_TIMEOUT_MS = 15_000;

export interface DisplayRequest {
  app: string | null;
  runId: string;
  script?: string;
  cwd: string;
  supervisor?: ProcessSupervisor;
  stopGraceMs?: number;
}

export interface VirtualDisplay {
  /** The supervised process id (`<runId>:display:<n>`). */
  id: string;
  /** The display number Xvfb chose; `DISPLAY` is `:<number>`. */
  number: number;
  /** Stops Xvfb (idempotent). */
  stop(): Promise<void>;
  /** Keeps the display with an app daemon: adopted with it after a restart (the command was promoted). */
  keep(): Promise<void>;
}

export function isDisplayId(id: string): boolean {
  return id.includes(DISPLAY_ID_PART);
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd 1`: it writes the number it bound to its output, so
 * two starts never race for the same number) and resolves once the display accepts clients.
 */
export async function startVirtualDisplay(owner: DisplayRequest): Promise<VirtualDisplay> {
  const file = await findExecutable('Xvfb', process.env.PATH ?? '');
  if (!file)
    throw new EngineError(
      'missing_tool',
      'This step asks for a virtual display (display: true), but Xvfb is not installed. Install it (Debian/Ubuntu: `apt-get install xvfb`) and start the script again.',
      { details: { param: 'display', tool: 'Xvfb' } },
    );
  const id = `${owner.runId}${DISPLAY_ID_PART}${randomUUID().slice(0, 8)}`;
  const spec: SpawnSpec = {
    file,
    args: ['-displayfd', '1', '-screen', '0', SCREEN, '-nolisten', 'tcp'],
    cwd: owner.cwd,
    env: { PATH: process.env.PATH ?? '' },
  };
  const supervisor = owner.supervisor;
  const kill = { graceMs: owner.stopGraceMs ?? 5000 };
  let proc: RunnerProcess;
  if (supervisor) {
    // Recorded before it runs, under the run's app: a restarted Hangar stops it, or adopts it with its daemon.
    const entry = supervisor.start({
      id,
      app: owner.app,
      runId: owner.runId,
      script: owner.script,
      spec,
      persist: owner.app !== null,
      announce: false,
    });
    proc = entry.proc!;
  } else {
    proc = spawnProcess(spec);
  }
  const stop = async (): Promise<void> => {
    if (supervisor) await supervisor.stop(id, kill);
    else await proc.stop(kill);
  };
  try {
    const number = await displayNumber(proc);
    return {
      id,
      number,
      stop,
      keep: async () => {
        if (supervisor) await supervisor.promote(id);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Reads the number Xvfb reports on its output, or fails with its last lines when it ends first. */
function displayNumber(proc: RunnerProcess): Promise<number> {
  const tail = new LogRing({ maxChars: 8 * 1024 });
  let text = '';
  return new Promise<number>((resolve, reject) => {
    const cleanups: Array<() => void> = [];
    const done = (fn: () => void): void => {
      for (const c of cleanups) c();
      fn();
    };
    const timer = setTimeout(
      () =>
        done(() =>
          reject(
            new EngineError(
              'step_failed',
              `Xvfb did not report a display within ${READY_TIMEOUT_MS / 1000} s:\n${tail.lastLines(10).join('\n')}`,
            ),
          ),
        ),
      READY_TIMEOUT_MS,
    );
    cleanups.push(() => clearTimeout(timer));
    cleanups.push(
      proc.onData((data) => {
        tail.push(data);
        text += data;
        const match = /^(\d+)\r?$/m.exec(text);
        if (match) done(() => resolve(Number(match[1])));
      }),
    );
    cleanups.push(
      proc.onExit((exit) =>
        done(() =>
          reject(
            new EngineError(
              'step_failed',
              `Xvfb ended (code ${exit.exitCode ?? `signal ${exit.signal}`}) before its display was ready:\n${tail.lastLines(10).join('\n')}`,
              { details: { lastLines: tail.lastLines(20) } },
            ),
          ),
        ),
      ),
    );
  });
}
