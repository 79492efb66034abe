// The RPC route table: each method validates (schema from lib/shared/api) and calls one engine method.
import { z } from 'zod';
import { apiMethods, type ApiMethodName, type ApiParams } from '../../lib/shared/api';
import { openAppTerminal, type Engine } from '../../lib/engine';
import type { RpcContext, RpcTable } from './json-rpc';

type Handlers = { [M in ApiMethodName]: (params: ApiParams<M>, context: RpcContext) => unknown };

export function buildRpcTable(engine: Engine): RpcTable {
  const { apps, runner, catalog, terminals } = engine;
  const handlers: Handlers = {
    'system.info': () => engine.systemInfo(),
    'catalog.list': async () => (await catalog.list()).map(({ id, title, description, icon, source, tags }) => ({ id, title, description, icon, source, tags })),
    'apps.list': () => apps.list(),
    'apps.get': ({ name }) => apps.get(name),
    'apps.install': ({ source, name }) => apps.install(source, name),
    'apps.start': ({ name, timeoutMs }) => apps.start(name, timeoutMs),
    'apps.stop': ({ name }) => apps.stop(name),
    'apps.update': ({ name }) => apps.update(name),
    'apps.rollback': ({ name }) => apps.rollback(name),
    'apps.remove': ({ name, keepData }) => apps.remove(name, keepData),
    'scripts.run': ({ name, script, params }) => apps.runScript(name, script, params),
    'runs.list': ({ name }) => runner.list({ app: name }),
    'runs.get': ({ runId }) => runner.get(runId),
    'runs.logs': ({ runId, sinceSeq, limit }) => runner.logs(runId, { sinceSeq, limit }),
    'runs.stop': async ({ runId }) => {
      await runner.stop(runId);
      return runner.get(runId);
    },
    'runs.respond': ({ runId, response }) => {
      runner.respond(runId, response);
      return { ok: true };
    },
    'terminals.open': (params) => openAppTerminal(terminals, engine.layout, params),
    'terminals.list': () => terminals.list(),
    'terminals.close': async ({ id }) => {
      await terminals.close(id);
      return { ok: true };
    },
  };
  const table: RpcTable = {};
  for (const method of Object.keys(apiMethods) as ApiMethodName[]) {
    table[method] = { ...apiMethods[method], handler: handlers[method] as (params: unknown, context: RpcContext) => unknown };
  }
  return table;
}

/** The method table as served by `GET /api`. */
export function describeRpcTable(table: RpcTable): Array<{ method: string; description: string; params: unknown }> {
  return Object.entries(table).map(([method, m]) => ({
    method,
    description: m.description,
    params: z.toJSONSchema(m.params, { unrepresentable: 'any' }),
  }));
}
