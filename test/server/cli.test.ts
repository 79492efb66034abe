// The hangar CLI against a real server: each command's --json is the method's result (checked against its schema),
// human output for the lifecycle, and the exit codes for usage errors, API errors and an unreachable server.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMethods, type MethodName } from '../../lib/shared/api';
import { fetchApp } from '../helpers/app-origin';
import { hangar, HANGAR_BIN, hangarWithInput } from '../helpers/cli';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { makeTempDir } from '../helpers/temp-dir';

let server: TestServer;
let repo: TempRepo;
let files: FileServer;
let events: EventLog;
const seen: Record<string, string> = {};
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  // A script with an interactive shell, for runs write.
  await writeFile(
    path.join(repo.dir, 'type.json'),
    JSON.stringify({
      run: [{ method: 'shell.run', params: { message: 'read -r line', input: true } }],
    }),
  );
  repo.commit('interactive script');
  events = await collectEvents(server.url);
  // A user's models folder and a Pinokio home, for the models commands.
  seen.modelsDir = await makeTempDir('hangar-cli-models-');
  await mkdir(path.join(seen.modelsDir, 'Lora'));
  await writeFile(path.join(seen.modelsDir, 'Lora', 'a.safetensors'), 'lora weights');
  seen.pinokioDir = await makeTempDir('hangar-cli-pinokio-');
  await mkdir(path.join(seen.pinokioDir, 'api', 'demo.git', 'models'), { recursive: true });
  await writeFile(path.join(seen.pinokioDir, 'api', 'demo.git', 'models', 'b.gguf'), 'gguf');
  files = await startFileServer();
  files.files.set('/slow.bin', { body: Buffer.alloc(4 * 1024 * 1024, 1), delayMs: 50 });
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
  await files?.stop();
  for (const cleanup of cleanups) await cleanup();
});

/** One normal call per command, in an order that works on one server: its args, and the method it prints. */
const CALLS: [string, () => string[], MethodName][] = [
  ['install', () => ['install', repo.dir], 'apps.install'],
  ['catalog', () => ['catalog'], 'catalog.list'],
  ['show', () => ['show', 'hello-app'], 'apps.get'],
  [
    'configure',
    () => ['configure', 'hello-app', '--restart', 'never', '--gpus', 'all'],
    'apps.configure',
  ],
  [
    'options',
    () => ['options', 'hello-app', '--env', 'HELLO_GREETING=hi', '--port', 'auto'],
    'apps.configure',
  ],
  ['start', () => ['start', 'hello-app'], 'apps.start'],
  ['ps', () => ['ps'], 'apps.list'],
  ['restart', () => ['restart', 'hello-app', '--timeout-ms', '60000'], 'apps.start'],
  ['logs', () => ['logs', 'hello-app'], 'runs.logText'],
  ['stop', () => ['stop', 'hello-app'], 'apps.stop'],
  ['run', () => ['run', 'hello-app', 'reset.json'], 'scripts.run'],
  ['runs list', () => ['runs', 'list', 'hello-app'], 'runs.list'],
  ['runs show', () => ['runs', 'show', seen.runId], 'runs.get'],
  ['runs entries', () => ['runs', 'entries', seen.runId, '--since-seq', '0'], 'runs.logs'],
  ['runs stop', () => ['runs', 'stop', seen.runId], 'runs.get'],
  ['runs write', () => ['runs', 'write', seen.typingRunId, 'hello'], 'runs.write'],
  ['update', () => ['update', 'hello-app'], 'apps.update'],
  ['rollback', () => ['rollback', 'hello-app'], 'apps.rollback'],
  ['updates', () => ['updates', '--check'], 'apps.updates'],
  ['info', () => ['info'], 'system.info'],
  ['tools', () => ['tools'], 'system.tools'],
  ['doctor', () => ['doctor'], 'system.doctor'],
  ['cluster', () => ['cluster'], 'cluster.status'],
  ['diagnostics', () => ['diagnostics', 'hello-app'], 'system.diagnostics'],
  ['settings get', () => ['settings', 'get'], 'settings.get'],
  ['settings set', () => ['settings', 'set', '--logs-keep-runs', '40'], 'settings.set'],
  [
    'downloads start',
    () => ['downloads', 'start', files.url('/slow.bin'), 'cache/slow.bin'],
    'downloads.start',
  ],
  ['downloads list', () => ['downloads', 'list'], 'downloads.list'],
  ['downloads pause', () => ['downloads', 'pause', seen.downloadId], 'downloads.pause'],
  ['downloads resume', () => ['downloads', 'resume', seen.downloadId], 'downloads.resume'],
  ['downloads cancel', () => ['downloads', 'cancel', seen.downloadId], 'downloads.cancel'],
  ['downloads retry', () => ['downloads', 'retry', seen.downloadId], 'downloads.retry'],
  ['drive list', () => ['drive', 'list'], 'drive.list'],
  ['drive usage', () => ['drive', 'usage'], 'drive.usage'],
  ['models import', () => ['models', 'import', seen.modelsDir], 'models.import'],
  ['models imports', () => ['models', 'imports'], 'models.imports'],
  ['models list', () => ['models', 'list'], 'models.list'],
  ['models delete', () => ['models', 'delete', seen.modelId], 'models.delete'],
  ['models pinokio', () => ['models', 'pinokio', seen.pinokioDir], 'models.pinokio'],
  [
    'models import-pinokio',
    () => ['models', 'import-pinokio', seen.pinokioDir],
    'models.importPinokio',
  ],
  ['models adopt', () => ['models', 'adopt', 'hello-app'], 'models.adopt'],
  ['remove', () => ['remove', 'hello-app', '--keep-data'], 'apps.remove'],
  ['password', () => ['password'], 'auth.setPassword'],
];

describe('human output and exit codes', () => {
  it('install, start, logs and ps print for a person', async () => {
    const installed = await hangar('install', repo.dir, '--name', 'hello-two', '--url', server.url);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('installing hello-app');
    expect(installed.stdout).toContain(
      'Installed hello-two. Start it with: hangar start hello-two',
    );
    const started = await hangar('start', 'hello-two', '--url', server.url);
    expect(started.stdout).toMatch(
      /hello-two is running at http:\/\/127\.0\.0\.1:\d+\/apps\/hello-two\//,
    );
    expect(await (await fetchApp(server.port, 'hello-two', '/')).text()).toContain('Hello from');
    const logs = await hangar('logs', 'hello-two', '--url', server.url);
    expect(logs.stdout).toMatch(/Hello app listening on http:\/\/127\.0\.0\.1:\d+/);
    const ps = await hangar('ps', '--url', server.url);
    expect(ps.stdout).toMatch(/^hello-two\s+running\s+\/apps\/hello-two\/$/m);
    expect((await hangar('stop', 'hello-two', '--url', server.url)).stdout).toBe(
      'hello-two stopped\n',
    );
  });

  it('update says it is up to date only when the launcher had nothing new', async () => {
    const same = await hangar('update', 'hello-two', '--url', server.url);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^hello-two is up to date \([0-9a-f]{7}\)\n$/);
    const serverJs = path.join(repo.dir, 'app/server.js');
    await writeFile(serverJs, `${await readFile(serverJs, 'utf8')}\n// a newer launcher\n`);
    const next = repo.commit('a newer launcher');
    const pulled = await hangar('update', 'hello-two', '--url', server.url);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(
      new RegExp(`^hello-two updated [0-9a-f]{7} -> ${next.slice(0, 7)}\n$`),
    );
  });

  it('ps names a script that waits in an idle app’s folder', async () => {
    const { runId } = await server.rpc('scripts.run', { name: 'hello-two', script: 'ask.json' });
    await events.waitFor('run:input', (e) => e.runId === runId);
    const ps = await hangar('ps', '--url', server.url);
    expect(ps.stdout).toMatch(/^hello-two\s+(stopped|installed)\s+ask\.json waiting$/m);
    await server.rpc('runs.stop', { runId });
    await events.waitFor('run:status', (e) => e.runId === runId && e.status === 'stopped');
  });

  it('bash completion offers the installed apps by name', async () => {
    const bin = await makeTempDir('hangar-bin-');
    cleanups.push(() => rm(bin, { recursive: true, force: true }));
    await writeFile(
      path.join(bin, 'hangar'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(HANGAR_BIN)} "$@"\n`,
      { mode: 0o755 },
    );
    const script =
      'source <(hangar completion bash); COMP_WORDS=(hangar start hello-); COMP_CWORD=2; _hangar_complete; printf "%s\\n" "${COMPREPLY[@]}"';
    // Asynchronously: the server answering the completion runs in this process.
    const { stdout } = await promisify(execFile)('bash', ['--noprofile', '--norc', '-c', script], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HANGAR_URL: server.url },
      encoding: 'utf8',
    });
    expect(stdout.split('\n').filter(Boolean)).toEqual(['hello-two']);
  });

  it('exits 1 for an API error, with the stable code in --json', async () => {
    const result = await hangar('start', 'nope', '--url', server.url, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'app_not_found' } });
    const human = await hangar('show', 'nope', '--url', server.url);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('nope');
  });

  it('exits 2 for usage errors, also when the API rejects the params', async () => {
    expect((await hangar('start')).code).toBe(2);
    expect((await hangar('frobnicate')).code).toBe(2);
    expect((await hangar('ps', '--bogus')).code).toBe(2);
    const rejected = await hangar('configure', 'hello-two', '--gpus', '99', '--url', server.url);
    expect(rejected.code, rejected.stderr).toBe(2);
  });

  it('exits 3 with a hint when no Hangar is reachable', async () => {
    const result = await hangar('ps', '--url', 'http://127.0.0.1:9');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot reach Hangar');
  });
});

describe("each command's --json is its method's result", () => {
  it.each(CALLS)('%s', async (_name, args, method) => {
    if (method === 'apps.update') {
      const serverJs = path.join(repo.dir, 'app/server.js');
      await writeFile(serverJs, `${await readFile(serverJs, 'utf8')}\n// v2\n`);
      repo.commit('v2');
    }
    if (method === 'runs.write') {
      const started = await hangar(
        'run',
        'hello-app',
        'type.json',
        '--detach',
        '--url',
        server.url,
      );
      expect(started.code, started.stderr).toBe(0);
      seen.typingRunId = started.stdout.trim();
      await events.waitFor('run:shell-input', (e) => e.runId === seen.typingRunId && e.open);
    }
    const input = method === 'auth.setPassword' ? 'a-long-password\n' : undefined;
    const result = await hangarWithInput(input, ...args(), '--url', server.url, '--json');
    expect(result.code, result.stderr).toBe(0);
    const parsed = apiMethods[method].result.safeParse(JSON.parse(result.stdout));
    expect(parsed.error, result.stdout).toBeUndefined();
    const value = parsed.data as { runId?: string; id?: string; imported?: { sha256: string }[] };
    if (method === 'scripts.run') seen.runId = value.runId!;
    if (method === 'downloads.start') seen.downloadId = value.id!;
    if (method === 'models.import') seen.modelId = `sha256:${value.imported![0].sha256}`;
    if (method === 'runs.write') {
      // "hello" answered the read; typing exit (Enter added by the command) leaves the interactive shell.
      const typed = await hangar('runs', 'write', seen.typingRunId, 'exit', '--url', server.url);
      expect(typed.code, typed.stderr).toBe(0);
      await events.waitFor(
        'run:status',
        (e) => e.runId === seen.typingRunId && e.status === 'finished',
      );
    }
  });

  it('covers every command of the table', async () => {
    const { COMMANDS } = await import('../../server/cli/table');
    const offline = COMMANDS.filter((spec) => spec.offline).map((spec) => spec.name);
    expect([...CALLS.map(([name]) => name), ...offline].sort()).toEqual(
      COMMANDS.map((spec) => spec.name).sort(),
    );
  });
});
