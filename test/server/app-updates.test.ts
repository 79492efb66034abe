// Updates you can undo, through the API: a failed update rolls back by itself, a rollback re-installs across an
// install-script change, and updates.keepGenerations keeps that many commits.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, type TempRepo } from '../helpers/git-repo';
import { startTestServer } from '../helpers/server';
import { INSTALL_JSON, refusal, withAppStatesHarness } from './app-states-harness';
import { started } from '../helpers/rpc';

const { server, gatedLauncher, nextState, logsContain, app } = withAppStatesHarness();

describe('updates you can undo', () => {
  let repo: TempRepo;
  let v1 = '';
  let v2 = '';
  const serverJs = () => path.join(server().home, 'api/updater/app/server.js');
  const setVersion = async (version: string) => {
    const file = path.join(repo.dir, 'app/server.js');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/VERSION = '[^']*'/, `VERSION = '${version}'`),
    );
  };

  beforeAll(async () => {
    repo = await gatedLauncher('ok');
    v1 = git(repo.dir, 'rev-parse', 'HEAD');
    const installed = nextState('updater', 'installed');
    await server().rpc('apps.install', { source: repo.dir, name: 'updater' });
    await installed;
  });

  it('a failed update script rolls back by itself to the commit it had, says so, and rollback still has the generation before', async () => {
    await setVersion('v2');
    v2 = repo.commit('v2');
    expect(await server().rpc('apps.update', { name: 'updater' })).toMatchObject({
      commit: v2,
      previousCommit: v1,
      updated: true,
    });
    await setVersion('v3');
    await writeFile(
      path.join(repo.dir, 'update.json'),
      JSON.stringify({
        run: [{ method: 'shell.run', params: { message: 'node -e "process.exit(1)"' } }],
      }),
    );
    repo.commit('v3 with an update script that fails');
    const refused = await refusal(server().rpc('apps.update', { name: 'updater' }));
    expect(refused.message).toContain(`rolled back to ${v2.slice(0, 7)}`);
    expect(await readFile(serverJs(), 'utf8')).toContain("VERSION = 'v2'");
    expect(existsSync(path.join(server().home, 'api/updater/update.json'))).toBe(false);
    const after = await app('updater');
    expect(after).toMatchObject({ state: 'installed', commit: v2, previousCommit: v1 });
    expect(after.error?.message).toContain(`update failed`);
    expect(after.generations.map((g) => g.commit)).toEqual([v1]);
    const rolled = await server().rpc('apps.rollback', { name: 'updater' });
    expect(rolled).toMatchObject({ commit: v1, previousCommit: v2, runId: null });
    expect(await readFile(serverJs(), 'utf8')).toContain("VERSION = 'v1'");
    expect(await app('updater')).toMatchObject({ state: 'installed', commit: v1, error: null });
    // The commit a rollback left is a return forward; returning makes v1 the older one again.
    expect((await app('updater')).generations).toEqual([
      { commit: v2, installHash: expect.any(String), at: expect.any(Number), newer: true },
    ]);
    expect(await server().rpc('apps.rollback', { name: 'updater' })).toMatchObject({
      commit: v2,
      previousCommit: v1,
    });
    expect((await app('updater')).generations[0]).not.toHaveProperty('newer');
    await server().rpc('apps.rollback', { name: 'updater' });
    expect(await app('updater')).toMatchObject({
      commit: v1,
      generations: [{ commit: v2, newer: true }],
    });
  });

  it('a rollback across a change of the install script runs the install again', async () => {
    // Back to the newest good commit first (the failing update script is removed again upstream).
    await writeFile(
      path.join(repo.dir, 'install.json'),
      INSTALL_JSON.replace('"text":"installed"', '"text":"installed by v4"'),
    );
    await rm(path.join(repo.dir, 'update.json'));
    const v4 = repo.commit('v4 with a new install script');
    expect(await server().rpc('apps.update', { name: 'updater' })).toMatchObject({
      commit: v4,
      previousCommit: v1,
    });
    // Updated past it, v2 is an older commit again.
    expect((await app('updater')).generations.map((g) => [g.commit, g.newer])).toEqual([
      [v1, undefined],
      [v2, undefined],
    ]);
    await writeFile(path.join(server().home, 'api/updater/app/installed.txt'), 'installed by v4');
    const installing = nextState('updater', 'installing');
    const installed = nextState('updater', 'installed');
    const rolled = started(await server().rpc('apps.rollback', { name: 'updater' }));
    expect(rolled).toMatchObject({ commit: v1, previousCommit: v4, runId: expect.any(String) });
    await installing;
    await installed;
    await logsContain(rolled.runId, 'install step: ok');
    expect(await readFile(path.join(server().home, 'api/updater/app/installed.txt'), 'utf8')).toBe(
      'installed',
    );
    expect(await app('updater')).toMatchObject({
      state: 'installed',
      commit: v1,
      previousCommit: v4,
    });
  });
});

describe('an update script that runs with nothing new upstream', () => {
  it('says it ran instead of "already up to date"', async () => {
    const repo = await gatedLauncher('ok');
    const installed = nextState('scripted', 'installed');
    await server().rpc('apps.install', { source: repo.dir, name: 'scripted' });
    await installed;
    await writeFile(
      path.join(repo.dir, 'update.json'),
      JSON.stringify({
        run: [
          {
            method: 'shell.run',
            params: { message: `node -e "require('fs').appendFileSync('ran.txt', 'x')"` },
          },
        ],
      }),
    );
    const withScript = repo.commit('an update script');
    expect(await server().rpc('apps.update', { name: 'scripted' })).toMatchObject({
      commit: withScript,
      updated: true,
      script: 'update.json',
    });
    expect(await server().rpc('apps.update', { name: 'scripted' })).toMatchObject({
      commit: withScript,
      updated: false,
      script: 'update.json',
    });
    // It ran on both updates: the second, with no new commit, did work all the same.
    expect(await readFile(path.join(server().home, 'api/scripted/ran.txt'), 'utf8')).toBe('xx');
    await rm(path.join(repo.dir, 'update.json'));
    repo.commit('no update script');
    await server().rpc('apps.update', { name: 'scripted' });
    expect(await server().rpc('apps.update', { name: 'scripted' })).toMatchObject({
      updated: false,
      script: null,
    });
  });
});

describe('updates.keepGenerations', () => {
  it('keeps that many earlier commits, newest first', async () => {
    const small = await startTestServer({ config: { updates: { keepGenerations: 2 } } });
    try {
      const repo = await gatedLauncher('ok');
      const commits = [git(repo.dir, 'rev-parse', 'HEAD')];
      const { runId } = started(
        await small.rpc('apps.install', { source: repo.dir, name: 'gens' }),
      );
      for (;;) {
        const run = await small.rpc('runs.get', { runId });
        if (run.status === 'finished') break;
        expect(['queued', 'running']).toContain(run.status);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const n of [1, 2, 3]) {
        await writeFile(path.join(repo.dir, 'app/notes.txt'), `note ${n}`);
        commits.push(repo.commit(`note ${n}`));
        await small.rpc('apps.update', { name: 'gens' });
      }
      const gens = await small.rpc('apps.get', { name: 'gens' });
      expect(gens.commit).toBe(commits[3]);
      expect(gens.generations.map((g) => g.commit)).toEqual([commits[2], commits[1]]);
      expect(gens.generations[0].installHash).toMatch(/^[0-9a-f]{64}$/);
      // Nothing new upstream: the app and its generations stay as they are.
      expect(await small.rpc('apps.update', { name: 'gens' })).toMatchObject({
        commit: commits[3],
        updated: false,
      });
      expect((await small.rpc('apps.get', { name: 'gens' })).generations).toEqual(gens.generations);
    } finally {
      await small.stop();
    }
  });
});
