// Installing by URL through the API: a chosen name, the same source twice under two names, and a bad source ends in
// a diagnosis (what happened, what to do) rather than a raw git error.
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git } from '../helpers/git-repo';
import { refusal, withAppStatesHarness } from './app-states-harness';

const { server, gatedLauncher, nextState, app } = withAppStatesHarness();

interface Refused {
  message: string;
  data: {
    code: string;
    details?: { diagnosis?: { id: string; explanation: string; nextStep: string } };
  };
}
const refused = (call: Promise<unknown>) => refusal(call) as Promise<Refused>;

describe('install from a URL', () => {
  const temps: string[] = [];
  afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

  it('installs under the chosen name, refuses it twice with a conflict, and installs the same source again under another name', async () => {
    const repo = await gatedLauncher('ok');
    const url = `file://${repo.dir}`;
    const first = nextState('my-hello', 'installed');
    expect(await server().rpc('apps.install', { source: url, name: 'my-hello' })).toMatchObject({
      name: 'my-hello',
    });
    await first;
    const taken = await refused(server().rpc('apps.install', { source: url, name: 'my-hello' }));
    expect(taken.data.code).toBe('app_exists');
    expect(taken.message).toContain('my-hello');
    const second = nextState('hello-two', 'installed');
    await server().rpc('apps.install', { source: url, name: 'hello-two' });
    await second;
    expect(await app('hello-two')).toMatchObject({ state: 'installed', source: { location: url } });
    expect(await app('my-hello')).toMatchObject({ state: 'installed' });
  });

  it("suggests a local launcher's title as a name, and a git URL's repository name without fetching it", async () => {
    const repo = await gatedLauncher('ok');
    const renamed = path.join(path.dirname(repo.dir), 'Some Folder');
    await rename(repo.dir, renamed);
    expect(await server().rpc('apps.suggestName', { source: renamed })).toEqual({
      name: 'hello-app',
      title: 'Hello App',
    });
    await rename(renamed, repo.dir);
    expect(
      await server().rpc('apps.suggestName', { source: 'https://example.invalid/x/My_Tool.git' }),
    ).toEqual({ name: 'my_tool', title: null });
    expect(await server().rpc('apps.suggestName', { source: '/nowhere/at all' })).toEqual({
      name: 'at-all',
      title: null,
    });
  });

  it('refuses an invalid name with the shared rule', async () => {
    const bad = await refused(
      server().rpc('apps.install', { source: '/nowhere', name: 'Bad Name' }),
    );
    expect(bad.message).toMatch(/app name/);
  });

  it('a URL with no repository behind it ends in what happened and what to do', async () => {
    const missing = path.join(await mkdtemp(path.join(os.tmpdir(), 'hangar-nothing-')), 'gone.git');
    temps.push(path.dirname(missing));
    const failed = await refused(
      server().rpc('apps.install', { source: `file://${missing}`, name: 'gone' }),
    );
    expect(failed.message).toContain('does not appear to be a git repository');
    expect(failed.message).not.toContain('installing-');
    expect(failed.message).not.toContain('Please make sure');
    expect(failed.data.details?.diagnosis).toMatchObject({ id: 'git_no_repo' });
    expect(failed.data.details?.diagnosis?.nextStep).toMatch(/install again/);
  });

  it('an unreachable host ends in the network diagnosis', async () => {
    const failed = await refused(
      server().rpc('apps.install', { source: 'http://127.0.0.1:9/someone/launcher.git' }),
    );
    expect(failed.data.details?.diagnosis).toMatchObject({ id: 'network' });
  });

  it('a repository that is no launcher says so and what to do', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-plain-'));
    temps.push(dir);
    await writeFile(path.join(dir, 'README.md'), '# not a launcher\n');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=T', '-c', 'user.email=t@localhost', 'commit', '-q', '-m', 'plain');
    const failed = await refused(server().rpc('apps.install', { source: `file://${dir}` }));
    expect(failed.data.code).toBe('not_a_launcher');
    expect(failed.data.details?.diagnosis).toMatchObject({ id: 'not_a_launcher' });
  });
});
