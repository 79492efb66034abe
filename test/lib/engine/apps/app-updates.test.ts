// What a restarted Hangar makes of an app it left installing, updating or removing, in a real git checkout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installScriptHash, recoverInterrupted } from '../../../../lib/engine/apps/app-updates';
import type { AppRecord } from '../../../../lib/engine/apps/app-store';
import { appRecord } from '../../../helpers/app-record';
import { git, repoFromFixture, type TempRepo } from '../../../helpers/git-repo';

const fixture = path.resolve(__dirname, '../../../fixtures/launchers/hello-app');

let repo: TempRepo;
let first = '';

beforeAll(async () => {
  repo = await repoFromFixture(fixture);
  first = git(repo.dir, 'rev-parse', 'HEAD');
});
afterAll(() => repo?.remove());

function record(state: AppRecord['state'], extra: Partial<AppRecord> = {}): AppRecord {
  return appRecord('hello-app', {
    state,
    source: { kind: 'git', location: repo.dir },
    commit: first,
    startRunId: 'run-1',
    ...extra,
  });
}

describe('recoverInterrupted', () => {
  it('makes a cut install install-failed, saying so', async () => {
    expect(await recoverInterrupted(record('installing'), repo.dir)).toMatchObject({
      state: 'install-failed',
      startRunId: null,
      error: { message: 'Hangar restarted during installing; run the install again.' },
    });
  });

  it('puts a cut update back at the commit recorded before it and keeps the generations to roll back to', async () => {
    const installJson = path.join(repo.dir, 'install.json');
    const before = await installScriptHash(repo.dir);
    await writeFile(installJson, '{"run":[]}');
    const second = repo.commit('second');
    expect(await installScriptHash(repo.dir)).not.toBe(before);
    const older = { commit: 'a'.repeat(40), installHash: null, at: 1 };
    const recovered = await recoverInterrupted(
      record('updating', { generations: [{ commit: first, installHash: before, at: 2 }, older] }),
      repo.dir,
    );
    expect(recovered).toMatchObject({
      state: 'installed',
      commit: first,
      previousCommit: older.commit,
      generations: [older],
    });
    expect(recovered.error?.message).toBe(
      `Hangar restarted during updating; rolled back to ${first.slice(0, 7)}.`,
    );
    expect(git(repo.dir, 'rev-parse', 'HEAD')).toBe(first);
    expect(await installScriptHash(repo.dir)).toBe(before);
    expect(await readFile(installJson, 'utf8')).not.toBe('{"run":[]}');
    expect(second).not.toBe(first);
  });

  it('leaves an app cut while removing stopped (or install-failed when it never installed), to be removed again', async () => {
    expect(await recoverInterrupted(record('removing'), repo.dir)).toMatchObject({
      state: 'stopped',
    });
    expect(
      await recoverInterrupted(record('removing', { lastInstall: null }), repo.dir),
    ).toMatchObject({ state: 'install-failed' });
  });
});
