// The audit log: one JSON line per security-relevant event under <home>/logs/audit.log, secrets redacted.
import { appendFile, chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { redactValue } from './redact';

export interface AuditEntry {
  /** What happened: `login`, `login.failed`, `login.rate-limited`, `logout`, `apps.install`, `terminals.open`, … */
  event: string;
  /** Client address, when the event comes from a request. */
  address?: string;
  userAgent?: string;
  [field: string]: unknown;
}

export interface AuditLog {
  readonly file: string;
  /** Queues one entry; writes keep their order. Never throws (a failed write is reported on stderr). */
  record(entry: AuditEntry): void;
  /** Adds values that must never reach the log (the API token, a password from the environment). */
  addSecret(value: string): void;
  /** Resolves once every queued entry is on disk. */
  flush(): Promise<void>;
}

export function auditLogFile(logsDir: string): string {
  return path.join(logsDir, 'audit.log');
}

export function createAuditLog(file: string, options: { now?: () => Date } = {}): AuditLog {
  const secrets: string[] = [];
  const now = options.now ?? (() => new Date());
  let chain: Promise<void> = mkdir(path.dirname(file), { recursive: true }).then(() => undefined);
  let created = false;
  return {
    file,
    record(entry) {
      const line = `${JSON.stringify({ time: now().toISOString(), ...(redactValue(entry, secrets) as object) })}\n`;
      chain = chain
        .then(async () => {
          await appendFile(file, line, { mode: 0o600 });
          if (!created) {
            created = true;
            // appendFile's mode only applies when it creates the file; an older file is tightened too.
            await chmod(file, 0o600);
          }
        })
        .catch((error: unknown) => console.error(`[audit] could not write ${file}:`, error));
    },
    addSecret(value) {
      if (value && !secrets.includes(value)) secrets.push(value);
    },
    flush() {
      return chain;
    },
  };
}
