// Audit wrapping of the RPC table: installs, starts, stops, terminal opens and settings changes go to the audit log.
import type { AuditLog } from '../../lib/engine';
import { errorMessage, isEngineError } from '../../lib/engine';
import type { RpcTable } from '../api/json-rpc';

/** Methods whose calls are audited (besides every `settings.*` method). */
export const AUDITED_METHODS = new Set([
  'apps.install',
  'apps.start',
  'apps.stop',
  'apps.update',
  'apps.rollback',
  'apps.remove',
  'scripts.run',
  'terminals.open',
  'terminals.close',
]);

export function isAudited(method: string): boolean {
  return AUDITED_METHODS.has(method) || method.startsWith('settings.');
}

/** A copy of the table whose audited handlers record the call, its caller and its outcome (secrets redacted by the log). */
export function withAudit(table: RpcTable, audit: AuditLog): RpcTable {
  const out: RpcTable = {};
  for (const [method, entry] of Object.entries(table)) {
    if (!isAudited(method)) {
      out[method] = entry;
      continue;
    }
    out[method] = {
      ...entry,
      async handler(params, context) {
        const base = { event: method, address: context.remoteAddress, params };
        try {
          const result = await entry.handler(params, context);
          audit.record({ ...base, ok: true });
          return result;
        } catch (error) {
          audit.record({
            ...base,
            ok: false,
            code: isEngineError(error) ? error.code : 'internal',
            error: errorMessage(error),
          });
          throw error;
        }
      },
    };
  }
  return out;
}
