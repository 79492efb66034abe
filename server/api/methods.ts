// The RPC route table: each method validates (schema from lib/shared/api) and calls one engine method.
import { z } from 'zod';
import { apiMethods } from '../../lib/shared/api';
import type { Engine } from '../../lib/engine';
import type { RpcTable } from './json-rpc';

export function buildRpcTable(engine: Engine): RpcTable {
  return {
    'system.info': { ...apiMethods['system.info'], handler: () => engine.systemInfo() },
  };
}

/** The method table as served by `GET /api`. */
export function describeRpcTable(table: RpcTable): Array<{ method: string; description: string; params: unknown }> {
  return Object.entries(table).map(([method, m]) => ({
    method,
    description: m.description,
    params: z.toJSONSchema(m.params, { unrepresentable: 'any' }),
  }));
}
