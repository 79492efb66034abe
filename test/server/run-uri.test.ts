// scripts.runUri: a script named by a path relative to an app, an absolute or ~/ path inside the home, or a git URL
// with a file path (a real repository cloned over file://); paths that leave their root, symlinks included, run nothing.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { GitHttpServer } from '../helpers/servers/git-http';
import { waitFor } from '../helpers/processes';
import { startTestServer, type TestServer } from '../helpers/server';

const fixture = path.resolve(__dirname, '../fixtures/launchers/hello-app');
const say = (text: string) =>
  JSON.stringify({ run: [{ method: 'shell.run', params: { message: `echo ${text}` } }] });

let server: TestServer;
let app: TempRepo;
let scripts: TempRepo;
let outside: string;

beforeAll(async () => {
  server = await startTestServer();
  app = await repoFromFixture(fixture);
  await server.rpc('apps.install', { source: app.dir, name: 'uri-app' });
  await waitFor(
    async () => (await server.rpc('apps.get', { name: 'uri-app' })).state === 'installed',
    'the install to finish',
    60_000,
  );
  outside = await mkdtemp(path.join(os.tmpdir(), 'hangar-outside-'));
  const shared = path.join(outside, 'shared-scripts.git');
  await mkdir(path.join(shared, 'tools'), { recursive: true });
  await writeFile(path.join(shared, 'tools', 'hello.json'), say('from-git-uri'));
  scripts = await repoFromFixture(shared);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await app?.remove();
  await scripts?.remove();
  if (outside) await rm(outside, { recursive: true, force: true });
});

async function finishedLog(runId: string): Promise<string> {
  await waitFor(
    async () => (await server.rpc('runs.get', { runId })).status === 'finished',
    `run ${runId} to finish`,
    30_000,
  );
  const logs = await server.rpc('runs.logs', { runId });
  return logs.entries.map((e) => e.data).join('');
}

const refused = (params: { uri: string; app?: string }, code: string) =>
  expect(server.rpc('scripts.runUri', params)).rejects.toMatchObject({ rpc: { data: { code } } });

describe('running a script by URI', () => {
  it('a path relative to an app runs as that app', async () => {
    await writeFile(path.join(server.home, 'api/uri-app/hi.json'), say('relative-ok'));
    const run = await server.rpc('scripts.runUri', { uri: 'hi.json', app: 'uri-app' });
    expect(run).toMatchObject({
      app: 'uri-app',
      file: path.join(server.home, 'api/uri-app/hi.json'),
    });
    expect(await finishedLog(run.runId)).toContain('relative-ok');
    expect((await server.rpc('runs.get', { runId: run.runId })).app).toBe('uri-app');
  });

  it('an absolute path and a ~/ path inside the home run without an app', async () => {
    await mkdir(path.join(server.home, 'scripts'), { recursive: true });
    const file = path.join(server.home, 'scripts', 'abs.json');
    await writeFile(file, say('absolute-ok'));
    const run = await server.rpc('scripts.runUri', { uri: file });
    expect(run).toMatchObject({ app: null, file });
    expect(await finishedLog(run.runId)).toContain('absolute-ok');
    const tilde = await server.rpc('scripts.runUri', { uri: '~/scripts/abs.json' });
    expect(tilde.file).toBe(file);
    expect(await finishedLog(tilde.runId)).toContain('absolute-ok');
  });

  it('an absolute path inside an installed app runs as that app', async () => {
    const run = await server.rpc('scripts.runUri', {
      uri: path.join(server.home, 'api/uri-app/hi.json'),
    });
    expect(run.app).toBe('uri-app');
    expect(await finishedLog(run.runId)).toContain('relative-ok');
  });

  it('a git URL with a file path clones the repository into the home and runs the file', async () => {
    const uri = `file://${scripts.dir}/tools/hello.json`;
    const run = await server.rpc('scripts.runUri', { uri });
    expect(run.file).toBe(path.join(server.home, 'api/shared-scripts/tools/hello.json'));
    expect(await finishedLog(run.runId)).toContain('from-git-uri');
    const again = await server.rpc('scripts.runUri', { uri });
    expect(again.file).toBe(run.file);
    await finishedLog(again.runId);
  });

  it('a git URL over HTTP (a loopback git server) clones once and runs the file', async () => {
    const git = await new GitHttpServer(path.dirname(scripts.dir)).start();
    try {
      const uri = `${git.url('shared-scripts.git')}/tools/hello.json`;
      const run = await server.rpc('scripts.runUri', { uri });
      expect(path.relative(path.join(server.home, 'api'), run.file)).toMatch(
        /^shared-scripts-2\/tools\/hello\.json$/,
      );
      expect(await finishedLog(run.runId)).toContain('from-git-uri');
    } finally {
      await git.stop();
    }
  });

  it('refuses escapes: ../, absolute paths outside the home, symlinks out, a git path leaving its clone', async () => {
    await writeFile(path.join(outside, 'evil.json'), say('escaped'));
    await symlink(path.join(outside, 'evil.json'), path.join(server.home, 'scripts', 'link.json'));
    await symlink(outside, path.join(server.home, 'api/uri-app/out'));
    const before = (await server.rpc('runs.list', {})).length;
    await refused({ uri: '../../config.json', app: 'uri-app' }, 'path_escape');
    await refused({ uri: 'out/evil.json', app: 'uri-app' }, 'path_escape');
    await refused({ uri: path.join(outside, 'evil.json') }, 'path_escape');
    await refused({ uri: path.join(server.home, 'scripts', 'link.json') }, 'path_escape');
    await refused({ uri: '~/../evil.json' }, 'path_escape');
    await refused({ uri: `file://${scripts.dir}/../../evil.json` }, 'path_escape');
    await refused(
      { uri: path.join(server.home, 'scripts', 'abs.json'), app: 'uri-app' },
      'path_escape',
    );
    await refused({ uri: 'hi.json' }, 'invalid_params');
    await refused({ uri: 'https://example.invalid/page' }, 'invalid_params');
    await refused({ uri: '~/scripts/missing.json' }, 'not_found');
    // A name longer than the file system allows, or a path through a file, is no script either.
    await refused({ uri: 'z'.repeat(300), app: 'uri-app' }, 'not_found');
    await refused({ uri: 'hi.json/inner.json', app: 'uri-app' }, 'not_found');
    expect((await server.rpc('runs.list', {})).length).toBe(before);
  });
});
