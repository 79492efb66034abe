// The RPC route table: each method validates (schema from lib/shared/api) and calls one engine method.
import { z } from 'zod';
import {
  apiMethods,
  METHOD_NAMES,
  type MethodName,
  type ParsedParams,
  type Result,
} from '../../lib/shared/api';
import {
  EngineError,
  openAppTerminal,
  viewerInstalled,
  VIEWER_INSTALL,
  type AuditLog,
  type Engine,
} from '../../lib/engine';
import type { RpcContext, RpcTable } from './json-rpc';
import type { AuthGate } from '../auth';
import { changePassword } from '../auth';
import { withAudit } from '../security/audited-rpc';

/** One handler per method of the contract: the compiler refuses one whose params or result do not match it. */
export type Handlers = {
  [M in MethodName]: (
    params: ParsedParams<M>,
    context: RpcContext,
  ) => Result<M> | Promise<Result<M>>;
};

/** Auth and audit for the table: the auth.* methods need the gate; state changes are written to the audit log. */
export interface RpcSecurity {
  gate: AuthGate;
  audit: AuditLog;
}

export function buildRpcTable(engine: Engine, security?: RpcSecurity): RpcTable {
  const { apps, runner, catalog, terminals } = engine;
  const needSecurity = (): RpcSecurity => {
    if (!security)
      throw new EngineError('unsupported', 'This Hangar runs without authentication support');
    return security;
  };
  const handlers: Handlers = {
    'system.info': () => engine.systemInfo(),
    'catalog.list': async () =>
      (await catalog.list()).map(
        ({ id, title, description, icon, source, tags, vramGb, diskGb, screenshots }) => ({
          id,
          title,
          description,
          icon,
          source,
          tags,
          vramGb: vramGb ?? null,
          diskGb: diskGb ?? null,
          screenshots,
        }),
      ),
    'apps.list': () => apps.list(),
    'apps.get': ({ name }) => apps.get(name),
    'apps.displays': async ({ name }) => ({
      displays: (await engine.displays.list(name)).map((d) => d.number),
      viewer: await viewerInstalled(),
      install: VIEWER_INSTALL,
    }),
    'apps.install': (params) => apps.install(params),
    'apps.installSpace': ({ source }) => apps.installSpace(source),
    'apps.suggestName': ({ source }) => apps.suggestName(source),
    'apps.start': ({ name, timeoutMs }) => apps.start(name, timeoutMs),
    'apps.stop': ({ name }) => apps.stop(name),
    'apps.update': async ({ name }) => {
      await engine.updateChecks.settled();
      const result = await apps.update(name);
      await engine.updateChecks.recount(name);
      return result;
    },
    'apps.rollback': async ({ name }) => {
      const result = await apps.rollback(name);
      await engine.updateChecks.recount(name);
      return result;
    },
    'apps.updates': ({ check }) =>
      check ? engine.updateChecks.checkAll() : engine.updateChecks.list(),
    'apps.remove': ({ name, keepData }) => apps.remove(name, keepData),
    'apps.configure': ({ name, ...settings }) => apps.configure(name, settings),
    'scripts.run': ({ name, script, params }) => apps.runScript(name, script, params),
    'scripts.runUri': ({ uri, app, params }) => apps.runUri(uri, { app, params }),
    'runs.list': ({ name }) => runner.list({ app: name }),
    'runs.get': ({ runId }) => runner.get(runId),
    'runs.logs': ({ runId, sinceSeq, limit }) => runner.logs(runId, { sinceSeq, limit }),
    'runs.logText': ({ runId, offset, maxBytes }) => runner.logText(runId, { offset, maxBytes }),
    'runs.stop': async ({ runId }) => {
      await runner.stop(runId);
      return runner.get(runId);
    },
    'runs.respond': ({ runId, response }) => {
      runner.respond(runId, response);
      return { ok: true };
    },
    'runs.write': ({ runId, data }) => {
      runner.write(runId, data);
      return { ok: true };
    },
    'system.tools': ({ refresh }) => engine.diagnosis.toolsReport(refresh ?? false),
    'system.doctor': () => engine.diagnosis.doctor(),
    'cluster.status': () => engine.clusterStatus(),
    'system.diagnostics': ({ app }) => engine.diagnosis.bundle(app),
    'terminals.open': (params) => openAppTerminal(terminals, engine.layout, params),
    'terminals.list': () => terminals.list(),
    'downloads.list': () => engine.downloads.manager.list(),
    'downloads.start': (request) => engine.startDownload(request),
    'downloads.cancel': ({ id }) => ({ cancelled: engine.downloads.manager.cancel(id) }),
    'downloads.pause': ({ id }) => ({ paused: engine.downloads.manager.pause(id) }),
    'downloads.resume': ({ id }) => ({ resumed: engine.downloads.manager.resume(id) }),
    'downloads.retry': ({ id }) => ({ retried: engine.downloads.manager.retry(id) }),
    'drive.list': () => engine.downloads.drive.list(),
    'drive.usage': () => engine.downloads.drive.usage(),
    'models.list': () => engine.models.library.list(),
    'models.delete': ({ id }) => engine.models.library.remove(id),
    'models.import': ({ path }) => engine.models.importFolder(path),
    'models.imports': ({ id }) =>
      engine.models.imports.list().filter((job) => id === undefined || job.id === id),
    'models.pinokio': ({ path }) => engine.models.pinokioHome(path),
    'models.importPinokio': ({ path }) => engine.models.importPinokioHome(path),
    'models.adopt': ({ app }) => engine.models.adoptApp(app),
    'settings.get': () => engine.settings.public(),
    'settings.set': (patch) => engine.settings.update(patch),
    'terminals.close': async ({ id }) => {
      await terminals.close(id);
      return { ok: true };
    },
    'auth.status': async () => {
      const { gate } = needSecurity();
      return {
        required: gate.required,
        passwordSet: await gate.passwords.isSet(),
        https: gate.secure,
        appOrigins: engine.config.appOrigins,
      };
    },
    'auth.setPassword': async ({ password, currentPassword }, context) => {
      const { gate, audit } = needSecurity();
      await changePassword(
        gate,
        audit,
        { address: context.remoteAddress },
        password,
        currentPassword,
      );
      return { ok: true };
    },
  };
  const table: RpcTable = {};
  for (const method of METHOD_NAMES) {
    table[method] = {
      ...apiMethods[method],
      handler: handlers[method] as (params: unknown, context: RpcContext) => unknown,
    };
  }
  return security ? withAudit(table, security.audit) : table;
}

export interface MethodDescription {
  method: string;
  description: string;
  /** JSON Schema of what the caller sends. */
  params: unknown;
  /** JSON Schema of what the method answers. */
  result: unknown;
  audited: boolean;
  uiOnly?: string;
}

/** The method table as served by `GET /api`. */
export function describeRpcTable(table: RpcTable): MethodDescription[] {
  return Object.entries(table).map(([method, m]) => ({
    method,
    description: m.description,
    params: z.toJSONSchema(m.params, { unrepresentable: 'any', io: 'input' }),
    result: z.toJSONSchema(m.result, { unrepresentable: 'any' }),
    audited: m.audited === true,
    ...(m.uiOnly ? { uiOnly: m.uiOnly } : {}),
  }));
}
