// "Update available": the update check fetches a git app's upstream and reports the new commits with their subjects,
// periodically with updates.checkEverySeconds, quietly when the remote cannot be reached; update and rollback follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hangar } from '../helpers/cli';
import { git, type TempRepo } from '../helpers/git-repo';
import { startAppStatesHarness, type AppStatesHarness } from './app-states-harness';

describe('update checks', () => {
  let h: AppStatesHarness;
  let repo: TempRepo;
  let bareParent = '';
  let bare = '';
  let v1 = '';
  let v2 = '';
  const serverJs = () => path.join(h.server.home, 'api/checked/app/server.js');

  beforeAll(async () => {
    h = await startAppStatesHarness();
    repo = await h.gatedLauncher('ok');
    v1 = git(repo.dir, 'rev-parse', 'HEAD');
    bareParent = await mkdtemp(path.join(os.tmpdir(), 'hangar-bare-'));
    bare = path.join(bareParent, 'checked.git');
    git(bareParent, 'clone', '-q', '--bare', repo.dir, bare);
    const installed = h.nextState('checked', 'installed');
    await h.server.rpc('apps.install', { source: `file://${bare}`, name: 'checked' });
    await installed;
  });

  afterAll(async () => {
    await h?.stop();
    await rm(bareParent, { recursive: true, force: true });
  });

  it('reports nothing new right after the install', async () => {
    const [check] = await h.server.rpc('apps.updates', { check: true });
    expect(check).toMatchObject({
      name: 'checked',
      behind: 0,
      ahead: 0,
      changelog: [],
      error: null,
    });
  });

  it('a commit pushed upstream shows as 1 behind with its subject; update brings it, rollback returns', async () => {
    const file = path.join(repo.dir, 'app/server.js');
    await writeFile(file, (await readFile(file, 'utf8')) + '\n// v2\n');
    v2 = repo.commit('Faster start and a new menu item');
    git(repo.dir, 'push', '-q', bare, 'main');
    const [check] = await h.server.rpc('apps.updates', { check: true });
    expect(check).toMatchObject({
      name: 'checked',
      behind: 1,
      ahead: 0,
      changelog: [{ commit: v2, subject: 'Faster start and a new menu item' }],
      error: null,
    });
    expect(await h.server.rpc('apps.updates', {})).toEqual([check]);
    const printed = await hangar('updates', '--url', h.server.url);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(
      `checked: 1 new commit\n  ${v2.slice(0, 7)} Faster start and a new menu item\n`,
    );

    const recounted = h.events.waitFor(
      'app:updates',
      (p) => p.name === 'checked' && p.behind === 0,
    );
    expect(await h.server.rpc('apps.update', { name: 'checked' })).toMatchObject({
      commit: v2,
      previousCommit: v1,
    });
    await recounted;
    expect(await readFile(serverJs(), 'utf8')).toContain('// v2');
    expect((await h.server.rpc('apps.updates', {}))[0]).toMatchObject({ behind: 0, changelog: [] });

    expect(await h.server.rpc('apps.rollback', { name: 'checked' })).toMatchObject({ commit: v1 });
    expect(await readFile(serverJs(), 'utf8')).not.toContain('// v2');
    expect((await h.server.rpc('apps.updates', {}))[0]).toMatchObject({
      behind: 1,
      changelog: [{ commit: v2 }],
    });
  });

  it('checks by itself at the interval set, and stops when it is set to 0', async () => {
    const file = path.join(repo.dir, 'app/server.js');
    await writeFile(file, (await readFile(file, 'utf8')) + '\n// v3\n');
    repo.commit('Third release');
    git(repo.dir, 'push', '-q', bare, 'main');
    const periodic = h.events.waitFor(
      'app:updates',
      (p) => p.name === 'checked' && p.behind === 2,
      20_000,
    );
    await h.server.rpc('settings.set', { updates: { checkEverySeconds: 1 } });
    const found = await periodic;
    expect(found.changelog.map((c) => c.subject)).toEqual([
      'Third release',
      'Faster start and a new menu item',
    ]);
    const settings = await h.server.rpc('settings.set', { updates: { checkEverySeconds: 0 } });
    expect(settings.updates).toEqual({ keepGenerations: 3, checkEverySeconds: 0 });
  });

  it('an unreachable remote is reported quietly on the result, keeping the last counts', async () => {
    git(
      path.join(h.server.home, 'api/checked'),
      'remote',
      'set-url',
      'origin',
      path.join(bareParent, 'gone.git'),
    );
    const [check] = await h.server.rpc('apps.updates', { check: true });
    expect(check).toMatchObject({ name: 'checked', behind: 2 });
    expect(check!.error).toMatch(/gone\.git|does not appear|not found/i);
    expect(h.events.payloadsOf('run:notify')).toEqual([]);
    expect(await h.app('checked')).toMatchObject({ state: 'installed', error: null });
  });
});
