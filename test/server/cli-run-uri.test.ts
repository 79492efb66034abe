// `hangar run <uri> [--app <name>]`: runs a script by URI and follows its log; a URI that leaves its root fails.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMethods } from '../../lib/shared/api';
import { hangar } from '../helpers/cli';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { waitFor } from '../helpers/processes';
import { startTestServer, type TestServer } from '../helpers/server';

const say = (text: string) =>
  JSON.stringify({ run: [{ method: 'shell.run', params: { message: `echo ${text}` } }] });

let server: TestServer;
let repo: TempRepo;

beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await server.rpc('apps.install', { source: repo.dir, name: 'cli-uri' });
  await waitFor(
    async () => (await server.rpc('apps.get', { name: 'cli-uri' })).state === 'installed',
    'the install to finish',
    60_000,
  );
  await writeFile(path.join(server.home, 'api/cli-uri/note.json'), say('cli-relative'));
  await mkdir(path.join(server.home, 'scripts'), { recursive: true });
  await writeFile(path.join(server.home, 'scripts/abs.json'), say('cli-absolute'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await repo?.remove();
});

async function logOf(runId: string): Promise<string> {
  const logs = await server.rpc('runs.logs', { runId });
  return logs.entries.map((e) => e.data).join('');
}

describe('hangar run <uri>', () => {
  it('follows a ~/ path inside the home to its end', async () => {
    const result = await hangar('run', '~/scripts/abs.json', '--url', server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('cli-absolute');
    const run = (await server.rpc('runs.list', {})).find((r) => r.script.endsWith('abs.json'));
    expect(run?.status).toBe('finished');
    expect(await logOf(run!.runId)).toContain('cli-absolute');
  });

  it('runs a path relative to --app and prints the result with --json', async () => {
    const result = await hangar(
      'run',
      'note.json',
      '--app',
      'cli-uri',
      '--json',
      '--url',
      server.url,
    );
    expect(result.code, result.stderr).toBe(0);
    const value = apiMethods['scripts.runUri'].result.parse(JSON.parse(result.stdout));
    expect(value).toMatchObject({
      app: 'cli-uri',
      file: path.join(server.home, 'api/cli-uri/note.json'),
    });
    expect(await logOf(value.runId)).toContain('cli-relative');
  });

  it('refuses a URI leaving its root with the reason and a non-zero exit', async () => {
    const result = await hangar(
      'run',
      '../../config.json',
      '--app',
      'cli-uri',
      '--url',
      server.url,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/outside/);
    const relative = await hangar('run', 'note.json', '--url', server.url);
    expect(relative.code).not.toBe(0);
    expect(relative.stderr).toMatch(/relative/);
  });

  it('still runs an app script as NAME SCRIPT', async () => {
    const result = await hangar('run', 'cli-uri', 'note.json', '--url', server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('cli-relative');
    const run = (await server.rpc('runs.list', { name: 'cli-uri' })).at(-1)!;
    expect(run).toMatchObject({ status: 'finished', script: expect.stringMatching(/note\.json$/) });
    expect(await logOf(run.runId)).toContain('cli-relative');
  });
});
