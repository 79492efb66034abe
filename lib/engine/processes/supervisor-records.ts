// The records a supervised process leaves on disk: pending before its spawn, complete once it runs.
import type { PendingRecord, ProcessKind, ProcessRecord } from './process-records';
import type { SpawnedProcess } from './spawn';
import type { SupervisedProcess } from './supervised-process';

/** What both records say of whose process it is. */
function ownerOf(
  entry: SupervisedProcess,
): Pick<PendingRecord, 'id' | 'kind' | 'app' | 'runId' | 'script'> {
  const kind: ProcessKind = entry.daemon ? 'daemon' : 'step';
  return {
    id: entry.id,
    kind,
    app: entry.app,
    runId: entry.runId,
    script: entry.options.script ?? '',
  };
}

function commandOf(entry: SupervisedProcess): string {
  return [entry.options.spec.file, ...(entry.options.spec.args ?? [])].join(' ');
}

/** What is written before `entry` is spawned with `token`. */
export function pendingOf(entry: SupervisedProcess, token: string): PendingRecord {
  return {
    ...ownerOf(entry),
    token,
    command: commandOf(entry),
    cwd: entry.options.spec.cwd,
    startedAt: Date.now(),
  };
}

/** The complete record of `entry` running as `proc` (its own session and group: pgid and sid are its pid). */
export function recordOf(entry: SupervisedProcess, proc: SpawnedProcess): ProcessRecord {
  const kept = proc.kept;
  return {
    ...ownerOf(entry),
    pid: proc.pid,
    pgid: proc.pid,
    sid: proc.pid,
    startTime: proc.startTime,
    token: proc.token,
    port: entry.port,
    command: commandOf(entry),
    cwd: entry.options.spec.cwd,
    startedAt: proc.startedAt,
    daemon: entry.daemon,
    ...(entry.options.serving && !entry.daemon ? { serving: true } : {}),
    ...(kept ? { keeper: { log: kept.files.log, input: kept.files.input } } : {}),
  };
}
