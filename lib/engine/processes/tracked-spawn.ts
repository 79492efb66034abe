// Records a process that something else spawns as a plain child of Hangar (the `exec` step's child_process.exec):
// pending before it starts, complete once its pid is known, gone when it ends, as for supervised processes.
import { randomUUID } from 'node:crypto';
import { MARKER_ENV } from './markers';
import type { ProcessRecords } from './process-records';
import { readProcSync } from './proc-table';

export interface TrackedSpawn {
  /** Entries to add to the child's environment: its token and the home's owner marker. */
  env: Record<string, string>;
  /** The child started with `pid`: completes its record. */
  started(pid: number): void;
  /** The child ended: its record goes. */
  ended(): void;
}

export interface TrackedMeta {
  app: string | null;
  runId: string;
  script: string;
  command: string;
  cwd: string;
}

/**
 * Writes the pending record (throws, and the caller must not spawn, when it cannot be written) and returns the
 * environment the child must carry. The child shares Hangar's group and session, so its record names neither (0):
 * a restart finds its tree by the token alone.
 */
export function trackSpawn(
  records: ProcessRecords | null,
  owner: Record<string, string>,
  meta: TrackedMeta,
): TrackedSpawn {
  const token = randomUUID();
  const base = {
    id: `${meta.runId}:exec:${token.slice(0, 8)}`,
    kind: 'step' as const,
    ...meta,
    token,
  };
  records?.begin({ ...base, startedAt: Date.now() });
  const startedAt = Date.now();
  return {
    env: { ...owner, [MARKER_ENV]: token },
    started(pid) {
      records?.set({
        ...base,
        pid,
        pgid: 0,
        sid: 0,
        startTime: readProcSync(pid)?.startTime ?? null,
        port: null,
        startedAt,
      });
    },
    ended() {
      records?.remove(token);
    },
  };
}
