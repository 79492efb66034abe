// The contract at run time: GET /api serves every method's schemas, and each method's real answer parses against its
// result schema (the server also checks it, and fails a call that does not match outside production).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { makeTempDir } from '../helpers/temp-dir';
import path from 'node:path';
import {
  apiMethods,
  METHOD_NAMES,
  type MethodName,
  type ParamsArgs,
  type Result,
} from '../../lib/shared/api';
import { createRpcClient, type RpcClient } from '../../server/cli/rpc-client';
import { helloAppRepo } from '../helpers/hello-app';
import type { TempRepo } from '../helpers/git-repo';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let repo: TempRepo;
let files: FileServer;
let events: EventLog;
let client: RpcClient;

beforeAll(async () => {
  server = await startTestServer();
  repo = await helloAppRepo();
  // A script with an interactive shell, for runs.write.
  await writeFile(
    path.join(repo.dir, 'type.json'),
    JSON.stringify({
      run: [{ method: 'shell.run', params: { message: 'read -r line', input: true } }],
    }),
  );
  repo.commit('interactive script');
  files = await startFileServer();
  files.files.set('/slow.bin', { body: Buffer.alloc(4 * 1024 * 1024, 1), delayMs: 50 });
  events = await collectEvents(server.url);
  client = createRpcClient(server.url);
});
afterAll(async () => {
  events?.close();
  await files?.stop();
  await server?.stop();
  await repo?.remove();
});

describe('GET /api', () => {
  it('lists every method with its params and result as JSON Schema, and its flags', async () => {
    const table = (await (await fetch(`${server.url}/api`)).json()) as {
      methods: Array<{
        method: string;
        params: { type?: string };
        result: { $schema?: string; type?: string };
        audited: boolean;
        uiOnly?: string;
      }>;
    };
    expect(table.methods.map((m) => m.method).sort()).toEqual([...METHOD_NAMES].sort());
    for (const entry of table.methods) {
      const method = apiMethods[entry.method as MethodName];
      expect(entry.params.type, entry.method).toBe('object');
      expect(entry.result.$schema, entry.method).toMatch(/json-schema/);
      expect(['object', 'array'], entry.method).toContain(entry.result.type);
      expect(entry.audited, entry.method).toBe('audited' in method);
      expect(entry.uiOnly, entry.method).toBe('uiOnly' in method ? method.uiOnly : undefined);
    }
  });
});

describe('every method answers a normal call within its result schema', () => {
  const checked = new Set<MethodName>();

  /** Calls through the CLI's typed client and parses the answer with the method's own schema. */
  async function call<M extends MethodName>(method: M, ...params: ParamsArgs<M>) {
    const result = await client.call(method, ...params);
    const parsed = apiMethods[method].result.safeParse(result);
    expect(parsed.error?.issues, method).toBeUndefined();
    checked.add(method);
    return result as Result<M>;
  }

  it('the house: system, catalog, settings, auth', async () => {
    await call('system.info');
    await call('system.tools');
    await call('system.doctor');
    // No runners.slurm in this home: the answer says so.
    expect(await call('cluster.status')).toMatchObject({
      configured: false,
      info: null,
      error: null,
    });
    await call('catalog.list');
    await call('apps.suggestName', { source: 'https://example.invalid/someone/launcher.git' });
    await call('apps.installSpace', { source: 'python-hello' });
    await call('settings.get');
    await call('settings.set', { stopTimeoutMs: 4000 });
    await call('auth.status');
  });

  it('an app through its life: install, start, scripts and runs, update, rollback, remove', async () => {
    const name = 'hello-app';
    const installed = events.waitFor(
      'app:status',
      (e) => e.name === name && e.state === 'installed',
    );
    const { runId: installRun } = await call('apps.install', { source: repo.dir });
    await installed;
    await call('apps.list');
    await call('apps.get', { name });
    await call('apps.displays', { name });
    await call('apps.configure', { name, restart: 'never', gpus: null });
    const { runId } = await call('apps.start', { name });
    await call('runs.list', { name });
    await call('runs.get', { runId });
    await call('runs.logs', { runId: installRun ?? runId });
    await call('runs.logText', { runId: installRun ?? runId });
    await call('apps.stop', { name });

    const asked = await call('scripts.run', { name, script: 'ask.json' });
    await events.waitFor('run:input', (e) => e.runId === asked.runId);
    await call('runs.respond', { runId: asked.runId, response: { who: 'contract' } });
    await events.waitFor('run:status', (e) => e.runId === asked.runId && e.status === 'finished');
    await call('runs.stop', { runId: asked.runId });

    const byUri = await call('scripts.runUri', { uri: 'ask.json', app: name });
    await events.waitFor('run:input', (e) => e.runId === byUri.runId);
    await call('runs.stop', { runId: byUri.runId });

    const typing = await call('scripts.run', { name, script: 'type.json' });
    await events.waitFor('run:shell-input', (e) => e.runId === typing.runId && e.open);
    await call('runs.write', { runId: typing.runId, data: 'hello\rexit\r' });
    await events.waitFor('run:status', (e) => e.runId === typing.runId && e.status === 'finished');

    const serverJs = path.join(repo.dir, 'app/server.js');
    await writeFile(serverJs, `${await readFile(serverJs, 'utf8')}\n// v2\n`);
    repo.commit('v2');
    await call('apps.update', { name });
    await call('apps.rollback', { name });
    await call('apps.updates', { check: true });
    await call('system.diagnostics', { app: name });
    await call('apps.remove', { name, keepData: true });
  });

  it('downloads and the drive', async () => {
    const { id } = await call('downloads.start', {
      url: files.url('/slow.bin'),
      dest: 'cache/slow.bin',
    });
    await call('downloads.list');
    await call('downloads.pause', { id });
    await call('downloads.resume', { id });
    await call('downloads.cancel', { id });
    await call('downloads.retry', { id });
    await call('downloads.cancel', { id });
    await call('drive.list');
    await call('drive.usage');
  });

  it('the model library', async () => {
    const folder = await makeTempDir('hangar-contract-models-');
    await mkdir(path.join(folder, 'api', 'one', 'models', 'vae'), { recursive: true });
    await writeFile(path.join(folder, 'api', 'one', 'models', 'vae', 'v.safetensors'), 'vae');
    const job = await call('models.import', { path: path.join(folder, 'api') });
    await events.waitFor('models:import', (e) => e.id === job.id && e.state === 'done');
    const [finished] = await call('models.imports', { id: job.id });
    await call('models.list');
    await call('models.pinokio', { path: folder });
    const second = await call('models.importPinokio', { path: folder });
    await events.waitFor('models:import', (e) => e.id === second.id && e.state === 'done');
    // An app folder holding a model it downloaded itself.
    await mkdir(path.join(server.home, 'api', 'loose', 'models'), { recursive: true });
    await writeFile(path.join(server.home, 'api', 'loose', 'models', 'own.ckpt'), 'own');
    await call('models.adopt', { app: 'loose' });
    await call('models.delete', { id: `sha256:${finished.imported[0].sha256}` });
  });

  it('terminals', async () => {
    const { id } = await call('terminals.open', { cols: 80, rows: 24 });
    await call('terminals.list');
    await call('terminals.close', { id });
  });

  it('auth.setPassword (last: it ends every session)', async () => {
    await call('auth.setPassword', { password: 'a long enough password' });
  });

  it('covered every method of the contract', () => {
    expect(METHOD_NAMES.filter((m) => !checked.has(m))).toEqual([]);
  });
});
