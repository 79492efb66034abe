// A terminal's shell as a process: recorded before it starts, run under a keeper when the manager has a folder for
// one (so it outlives a Hangar restart), and taken over again from its record by a restarted Hangar.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { TerminalInfo } from '../../shared/run';
import type { ProcessRecord, ProcessRecords } from '../processes/process-records';
import { adoptKept, spawnProcess, type SpawnedProcess } from '../processes/spawn';

/** How much of a kept terminal's log is replayed into its screen after a restart (its recent output). */
const REPLAY_BYTES = 256 * 1024;

export interface TerminalSpawn {
  info: Omit<TerminalInfo, 'pid'>;
  shell: { file: string; args: string[] };
  env: Record<string, string>;
  records: ProcessRecords | null;
  keepIn: string | null;
}

/**
 * Records the shell as pending (with the token it will carry), spawns it, then completes its record: the record is
 * on disk before the shell's first instruction.
 */
export function spawnTerminal(spec: TerminalSpawn): SpawnedProcess {
  const { info, shell, records } = spec;
  const token = randomUUID();
  const base = {
    id: info.id,
    kind: 'terminal' as const,
    app: null,
    runId: `terminal:${info.id}`,
    script: '',
    token,
    command: [shell.file, ...shell.args].join(' '),
    cwd: info.cwd,
  };
  records?.begin({ ...base, startedAt: Date.now() });
  let proc: SpawnedProcess;
  try {
    proc = spawnProcess(
      {
        file: shell.file,
        args: shell.args,
        cwd: info.cwd,
        env: spec.env,
        cols: info.cols,
        rows: info.rows,
        ...(spec.keepIn === null ? {} : { keepIn: spec.keepIn }),
      },
      token,
    );
  } catch (error) {
    records?.remove(token);
    throw error;
  }
  const kept = proc.kept;
  records?.set({
    ...base,
    pid: proc.pid,
    pgid: proc.pid,
    sid: proc.pid,
    startTime: proc.startTime,
    port: null,
    startedAt: proc.startedAt,
    ...(kept ? { keeper: { log: kept.files.log, input: kept.files.input } } : {}),
    terminal: { title: info.title, cols: info.cols, rows: info.rows, createdAt: info.createdAt },
  });
  return proc;
}

/** Takes over a kept terminal a previous Hangar left running: its recent output is replayed, then followed. */
export async function adoptTerminal(
  record: ProcessRecord,
): Promise<{ info: TerminalInfo; proc: SpawnedProcess } | null> {
  if (!record.keeper || !record.terminal) return null;
  const size = (await stat(record.keeper.log).catch(() => null))?.size ?? 0;
  const proc = adoptKept({
    pid: record.pid,
    token: record.token,
    files: record.keeper,
    offset: Math.max(0, size - REPLAY_BYTES),
  });
  const { title, cols, rows, createdAt } = record.terminal;
  return {
    info: { id: record.id, cwd: record.cwd, cols, rows, pid: record.pid, title, createdAt },
    proc,
  };
}
