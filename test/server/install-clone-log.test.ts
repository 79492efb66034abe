// Installing from a git URL is one run from its first line: the clone's progress (over a loopback git HTTP server)
// is in the install's run log before the install script's own output, and a stop during the clone cancels the install.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../helpers/git-repo';
import { GitHttpServer } from '../helpers/servers/git-http';
import { makeTempDir } from '../helpers/temp-dir';
import { withAppStatesHarness } from './app-states-harness';

const { server, gatedLauncher, nextState, logsContain, app } = withAppStatesHarness();

describe('the clone in the install log', () => {
  let gitServer: GitHttpServer;
  let url: string;

  beforeAll(async () => {
    // A launcher with 1500 files of random bytes (about 12 MB): enough objects for git to report its progress.
    const repo = await gatedLauncher('ok');
    const data = path.join(repo.dir, 'data');
    await mkdir(data);
    for (let i = 0; i < 1500; i++)
      await writeFile(path.join(data, `blob-${i}.bin`), randomBytes(8 * 1024));
    repo.commit('data');
    const root = await makeTempDir('hangar-git-root-');
    git(root, 'clone', '-q', '--bare', repo.dir, path.join(root, 'launcher.git'));
    gitServer = await new GitHttpServer(root).start();
    url = gitServer.url('launcher.git');
  }, 120_000);
  afterAll(() => gitServer?.stop());

  it("shows git's progress in the install run before the install script's output", async () => {
    const installed = nextState('big', 'installed');
    const started = await server().rpc('apps.install', { source: url, name: 'big' });
    expect(started.runId).toEqual(expect.any(String));
    await installed;
    const { text } = await server().rpc('runs.logText', { runId: started.runId! });
    const lines = text.split(/\r?\n/);
    const cloning = lines.indexOf(`Cloning ${url}`);
    const receiving = lines.findIndex((l) => /^Receiving objects: \d+% \(\d+\/\d+\)$/.test(l));
    const done = lines.findIndex((l) => /^Receiving objects: 100% \((\d+)\/\1\)$/.test(l));
    const script = lines.findIndex((l) => l.includes('install step: ok'));
    expect(cloning, text).toBeGreaterThanOrEqual(0);
    expect(receiving, text).toBeGreaterThan(cloning);
    expect(done, text).toBeGreaterThanOrEqual(receiving);
    expect(script, text).toBeGreaterThan(done);
    // Throttled: a line per stage start, at most one a second after it, and the end, not one per object.
    expect(lines.filter((l) => l.startsWith('Receiving objects:')).length).toBeLessThan(40);
    const run = await server().rpc('runs.get', { runId: started.runId! });
    expect(run).toMatchObject({ status: 'finished', app: 'big' });
    expect(run.script).toMatch(/install\.json$/);
    const detail = await app('big');
    expect(detail).toMatchObject({
      state: 'installed',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(detail.runs.map((r) => r.runId)).toContain(started.runId);
  }, 120_000);

  it('a stop during the clone cancels the install and leaves no folder', async () => {
    const failed = nextState('halted', 'install-failed');
    const started = await server().rpc('apps.install', { source: url, name: 'halted' });
    await logsContain(started.runId!, `Cloning ${url}`);
    // Mid-clone the app reads as installing, its run as the fetch phase, and no half-cloned launcher is read.
    expect(await app('halted')).toMatchObject({
      state: 'installing',
      menu: [],
      runs: [{ runId: started.runId, script: 'fetch' }],
    });
    await server().rpc('apps.stop', { name: 'halted' });
    await failed;
    expect((await app('halted')).error?.message).toMatch(/install cancelled/);
    const run = await server().rpc('runs.get', { runId: started.runId! });
    expect(run.status).toBe('stopped');
    const { readdirSync } = await import('node:fs');
    expect(
      readdirSync(path.join(server().home, 'api')).filter((f) => f.includes('halted')),
    ).toEqual([]);
  }, 120_000);
});
