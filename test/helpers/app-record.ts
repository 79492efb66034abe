// Test helper: an app record as the app store keeps it, for tests that write or move records themselves.
import type { AppRecord } from '../../lib/engine/apps/app-store';

/** An installed app from the folder `/apps/<name>`, with nothing running and no history; `extra` overrides. */
export function appRecord(name: string, extra: Partial<AppRecord> = {}): AppRecord {
  return {
    name,
    state: 'installed',
    source: { kind: 'folder', location: `/apps/${name}` },
    commit: null,
    previousCommit: null,
    url: null,
    port: null,
    error: null,
    startRunId: null,
    installedAt: 1,
    updatedAt: 1,
    ...extra,
  };
}
