// Brings app records written by older Hangars to the current state machine (run once as apps.json loads).
import type { AppRecord } from './app-store';

/**
 * Older Hangars had one `failed` state for failed installs and failed starts. A `failed` record becomes
 * `install-failed` when it never installed: its `lastInstall` is null, or (records older than that field) its
 * error says the failure happened while installing ("Hangar restarted during installing", "the install was …");
 * other old failures cannot be told apart from failed starts and stay `failed`.
 * Returns the changed record, or null when it needs no change.
 */
export function migrateRecord(record: AppRecord): AppRecord | null {
  if (record.state !== 'failed') return null;
  const neverInstalled =
    record.lastInstall === null ||
    (record.lastInstall === undefined &&
      /Hangar restarted during installing|\bthe install was\b/i.test(record.error?.message ?? ''));
  return neverInstalled ? { ...record, state: 'install-failed' } : null;
}
