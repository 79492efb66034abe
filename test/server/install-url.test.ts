// Installing by URL through the API: a chosen name, the same source twice under two names, and a bad source fails
// its install run with git's error and a diagnosis (what happened, what to do), the app install-failed.
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveAppName } from '../../lib/shared/app-name';
import { git } from '../helpers/git-repo';
import { refusal, withAppStatesHarness } from './app-states-harness';

const { server, gatedLauncher, nextState, app } = withAppStatesHarness();

const refused = (call: Promise<unknown>) => refusal(call);

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
      taken: null,
    });
    await rename(renamed, repo.dir);
    expect(
      await server().rpc('apps.suggestName', { source: 'https://example.invalid/x/My_Tool.git' }),
    ).toEqual({ name: 'my_tool', title: null, taken: null });
    expect(await server().rpc('apps.suggestName', { source: '/nowhere/at all' })).toEqual({
      name: 'at-all',
      title: null,
      taken: null,
    });
  });

  it("suggests a numbered name when the source's own name is taken by an app from elsewhere", async () => {
    // my-hello was installed by the first case from another source.
    expect(
      await server().rpc('apps.suggestName', { source: 'https://example.invalid/x/my-hello.git' }),
    ).toEqual({ name: 'my-hello-2', title: null, taken: 'my-hello' });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-suggest-'));
    temps.push(dir);
    const folder = path.join(dir, 'hello-two');
    await mkdir(folder);
    expect(await server().rpc('apps.suggestName', { source: folder })).toEqual({
      name: 'hello-two-2',
      title: null,
      taken: 'hello-two',
    });
  });

  it('refuses an invalid name with the shared rule', async () => {
    const bad = await refused(
      server().rpc('apps.install', { source: '/nowhere', name: 'Bad Name' }),
    );
    expect(bad.message).toMatch(/app name/);
  });

  /** Installs `source`: the call answers with the install run, whose fetch fails; the app ends install-failed. */
  async function failedInstall(source: string, name: string) {
    const failedState = nextState(name, 'install-failed');
    const started = await server().rpc('apps.install', { source, name });
    expect(started).toMatchObject({ name, runId: expect.any(String) });
    await failedState;
    const run = await server().rpc('runs.get', { runId: started.runId! });
    const log = await server().rpc('runs.logText', { runId: started.runId! });
    return { run, log: log.text, app: await app(name) };
  }

  it('a URL with no repository behind it fails its install run with the error git gave, what happened and what to do', async () => {
    const missing = path.join(await mkdtemp(path.join(os.tmpdir(), 'hangar-nothing-')), 'gone.git');
    temps.push(path.dirname(missing));
    const failed = await failedInstall(`file://${missing}`, 'gone');
    expect(failed.run.status).toBe('failed');
    expect(failed.run.error?.message).toContain('does not appear to be a git repository');
    expect(failed.run.error?.message).not.toContain('installing-');
    expect(failed.run.error?.message).not.toContain('Please make sure');
    expect(failed.run.error?.diagnosis).toMatchObject({ id: 'git_no_repo' });
    expect(failed.run.error?.diagnosis?.nextStep).toMatch(/install again/);
    expect(failed.log).toContain(`Cloning file://${missing}`);
    expect(failed.log).toContain('does not appear to be a git repository');
    expect(failed.app.state).toBe('install-failed');
    expect(failed.app.error?.message).toContain('does not appear to be a git repository');
    await server().rpc('apps.remove', { name: 'gone' });
  });

  it('an unreachable host ends in the network diagnosis', async () => {
    const failed = await failedInstall('http://127.0.0.1:9/someone/launcher.git', 'unreachable');
    expect(failed.run.error?.diagnosis).toMatchObject({ id: 'network' });
    // Its clone never made a folder: removing it keeping its data keeps nothing, and succeeds.
    expect(await server().rpc('apps.remove', { name: 'unreachable', keepData: true })).toEqual({
      name: 'unreachable',
      keptAt: null,
    });
    expect((await server().rpc('apps.list')).map((a) => a.name)).not.toContain('unreachable');
  });

  it('a repository that is no launcher says so and what to do, and leaves no folder behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-plain-'));
    temps.push(dir);
    await writeFile(path.join(dir, 'README.md'), '# not a launcher\n');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=T', '-c', 'user.email=t@localhost', 'commit', '-q', '-m', 'plain');
    const failed = await failedInstall(`file://${dir}`, 'plain');
    expect(failed.run.error?.code).toBe('not_a_launcher');
    expect(failed.run.error?.diagnosis).toMatchObject({ id: 'not_a_launcher' });
    expect(readdirSync(path.join(server().home, 'api')).filter((f) => f.includes('plain'))).toEqual(
      [],
    );
    await server().rpc('apps.remove', { name: 'plain' });
  });

  it('a mistyped URL is corrected under the same name, while a failed install with files keeps its name', async () => {
    const failed = await failedInstall('file:///nowhere/someone/typo.git', 'corrected');
    expect(failed.run.error?.diagnosis).toMatchObject({ id: 'git_no_repo' });
    const repo = await gatedLauncher('ok');
    const installed = nextState('corrected', 'installed');
    await server().rpc('apps.install', { source: `file://${repo.dir}`, name: 'corrected' });
    await installed;
    const fixed = await app('corrected');
    expect(fixed).toMatchObject({ state: 'installed', source: { location: `file://${repo.dir}` } });
    // Its history starts with the corrected install.
    expect(fixed.runs.map((r) => r.runId)).not.toContain(failed.run.runId);

    const broken = await gatedLauncher('fail');
    const brokenFailed = nextState('broken', 'install-failed');
    await server().rpc('apps.install', { source: `file://${broken.dir}`, name: 'broken' });
    await brokenFailed;
    const taken = await refused(
      server().rpc('apps.install', { source: `file://${repo.dir}`, name: 'broken' }),
    );
    expect(taken.data.code).toBe('app_exists');
    await server().rpc('apps.remove', { name: 'broken' });
  });

  it('installing again after a failed fetch fetches again, under the same name', async () => {
    const repo = await gatedLauncher('ok');
    const source = `file://${repo.dir}`;
    const name = deriveAppName(source);
    const moved = `${repo.dir}-later`;
    await rename(repo.dir, moved);
    const failed = await failedInstall(source, name);
    expect(failed.run.error?.diagnosis).toMatchObject({ id: 'git_no_repo' });
    // The failed app keeps its name for a retry of the same source; another source is offered the next free name.
    expect(await server().rpc('apps.suggestName', { source })).toMatchObject({ name });
    expect(
      await server().rpc('apps.suggestName', { source: `https://example.invalid/${name}.git` }),
    ).toMatchObject({ name: `${name}-2` });
    await rename(moved, repo.dir);
    const installed = nextState(name, 'installed');
    const again = await server().rpc('apps.install', { source, name });
    await installed;
    expect(again.runId).not.toBe(failed.run.runId);
    expect(await app(name)).toMatchObject({ state: 'installed', commit: expect.any(String) });
  });
});
