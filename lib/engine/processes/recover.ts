// Re-adoption after a server restart: verify each recorded process is still ours, then adopt or stop it.
import { killTree } from './kill-tree';
import { hasEnvMarker, readProc } from './proc-table';
import type { ProcessRecord } from './process-records';
import { MARKER_ENV } from './spawn';

export type RecoveryMode = 'adopt' | 'stop';

export interface RecoveryReport {
  record: ProcessRecord;
  /** adopted: verified and supervised again; stopped: verified and stopped; gone: not running (strays killed). */
  outcome: 'adopted' | 'stopped' | 'gone';
  /** Pids of leftover members (strays) that were stopped. */
  killed: number[];
}

/** A live pid is ours only when its start time and its environment marker both match the record. */
export async function verifyRecord(record: ProcessRecord): Promise<boolean> {
  const info = await readProc(record.pid);
  if (!info || info.state === 'Z') return false;
  if (record.startTime !== null && info.startTime !== record.startTime) return false;
  return hasEnvMarker(record.pid, `${MARKER_ENV}=${record.token}`);
}

export async function recoverRecords(
  records: ProcessRecord[],
  mode: RecoveryMode,
  graceMs: number,
): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  for (const record of records) {
    const marker = `${MARKER_ENV}=${record.token}`;
    if (await verifyRecord(record)) {
      if (mode === 'adopt') {
        reports.push({ record, outcome: 'adopted', killed: [] });
        continue;
      }
      const result = await killTree(
        { pid: record.pid, pgid: record.pgid, sid: record.sid, marker },
        { graceMs },
      );
      reports.push({
        record,
        outcome: 'stopped',
        killed: [...new Set([...result.terminated, ...result.forced])],
      });
      continue;
    }
    // The root is gone or the pid now belongs to someone else: only marked strays are ours to stop.
    const result = await killTree({ pid: -1, marker }, { graceMs });
    reports.push({
      record,
      outcome: 'gone',
      killed: [...new Set([...result.terminated, ...result.forced])],
    });
  }
  return reports;
}
