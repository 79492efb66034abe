// Audit wrapping of the RPC table: calls of methods the contract marks `audited` go to the audit log.
import type { AuditLog } from '../../lib/engine';
import { errorMessage, isEngineError } from '../../lib/engine';
import type { RpcTable } from '../api/json-rpc';

/** A copy of the table whose audited handlers record the call, its caller and its outcome (secrets redacted by the log). */
export function withAudit(table: RpcTable, audit: AuditLog): RpcTable {
  const out: RpcTable = {};
  for (const [method, entry] of Object.entries(table)) {
    if (!entry.audited) {
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
