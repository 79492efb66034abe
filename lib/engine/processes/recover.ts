// Re-adoption after a server restart: verify each recorded process is still ours, then adopt or stop it; end what a
// pending record (spawned, never completed) names.
import { killTree } from './kill-tree';
import { MARKER_ENV } from './markers';
import { hasEnvMarker, readProc } from './proc-table';
import type { PendingRecord, ProcessRecord, RecordFile } from './process-records';

export type RecoveryMode = 'adopt' | 'stop';

export type RecoveryReport =
  | {
      record: ProcessRecord;
      /** adopted: verified and supervised again; stopped: verified and stopped; gone: not running (strays killed). */
      outcome: 'adopted' | 'stopped' | 'gone';
      /** Pids of leftover members (strays) that were stopped. */
      killed: number[];
    }
  | {
      /** Recorded before its spawn, never completed: the previous Hangar died in between. */
      record: PendingRecord;
      outcome: 'unfinished';
      /** Pids carrying its token that were stopped. */
      killed: number[];
    };

/** A live pid is ours only when its start time and its environment marker both match the record. */
export async function verifyRecord(record: ProcessRecord): Promise<boolean> {
  const info = await readProc(record.pid);
  if (!info || info.state === 'Z') return false;
  if (record.startTime !== null && info.startTime !== record.startTime) return false;
  return hasEnvMarker(record.pid, `${MARKER_ENV}=${record.token}`);
}

/** Interactive shells ignore SIGTERM: a terminal's tree is ended with a hangup, as closing its window would. */
function firstSignal(record: { kind?: string }): NodeJS.Signals {
  return record.kind === 'terminal' ? 'SIGHUP' : 'SIGTERM';
}

export async function recoverRecords(
  records: ProcessRecord[],
  mode: RecoveryMode,
  graceMs: number,
): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const record of records) {
    const marker = `${MARKER_ENV}=${record.token}`;
    const signal = firstSignal(record);
    if (await verifyRecord(record)) {
      if (mode === 'adopt') {
        reports.push({ record, outcome: 'adopted', killed: [] });
        continue;
      }
      const result = await killTree(
        {
          pid: record.pid,
          pgid: record.pgid,
          sid: record.sid,
          marker,
          keeper: record.keeper !== undefined,
        },
        { graceMs, signal },
      );
      reports.push({
        record,
        outcome: 'stopped',
        killed: [...new Set([...result.terminated, ...result.forced])],
      });
      continue;
    }
    // The root is gone or the pid now belongs to someone else: only marked strays are ours to stop.
    const result = await killTree({ pid: -1, marker }, { graceMs, signal });
    reports.push({
      record,
      outcome: 'gone',
      killed: [...new Set([...result.terminated, ...result.forced])],
    });
  }
  return reports;
}

/** Ends every process carrying the token of a pending record: its pid never reached the disk. */
export async function recoverPending(
  pending: PendingRecord[],
  graceMs: number,
): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const record of pending) {
    const result = await killTree(
      { pid: -1, marker: `${MARKER_ENV}=${record.token}` },
      { graceMs, signal: firstSignal(record) },
    );
    reports.push({
      record,
      outcome: 'unfinished',
      killed: [...new Set([...result.terminated, ...result.forced])],
    });
  }
  return reports;
}

/**
 * Settles what a previous life recorded: app daemons, serving commands whose app had not answered yet, and terminals
 * under a keeper that are verified alive are adopted (`mode` 'adopt'); everything else is stopped, pending records
 * included.
 */
export async function settleRecords(
  previous: RecordFile,
  mode: RecoveryMode,
  graceMs: number,
): Promise<RecoveryReport[]> {
  const adoptable = (r: ProcessRecord) =>
    mode === 'adopt' &&
    r.keeper !== undefined &&
    (r.daemon === true || r.serving === true || r.kind === 'terminal');
  return [
    ...(await recoverRecords(previous.processes.filter(adoptable), 'adopt', graceMs)),
    ...(await recoverRecords(
      previous.processes.filter((r) => !adoptable(r)),
      'stop',
      graceMs,
    )),
    ...(await recoverPending(previous.pending, graceMs)),
  ];
}
