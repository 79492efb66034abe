// "Update available" across a restart: the results of the last check are kept in cache/state/update-checks.json
// and listed by the next Hangar before any fetch; a corrupt file is kept aside and reported.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateChecks } from '../../../../lib/engine/apps/update-checks';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import { stateWarningsUnder } from '../../../../lib/engine/state-file-read';
import { git, repoFromFixture, type TempRepo } from '../../../helpers/git-repo';
import { makeTempDir } from '../../../helpers/temp-dir';

let home: HomeLayout;
let upstream: TempRepo;
let clone: string;
let stateFile: string;

beforeAll(async () => {
  home = (await ensureHome(path.join(await makeTempDir('hangar-update-store-'), 'home'))).layout;
  stateFile = path.join(home.state, 'update-checks.json');
  upstream = await repoFromFixture(
    path.resolve(__dirname, '../../../fixtures/launchers/hello-app'),
  );
  clone = path.join(home.api, 'hello');
  git(home.api, 'clone', '-q', upstream.dir, clone);
});
afterAll(async () => {
  await upstream?.remove();
});

const checksOf = (names = ['hello']) =>
  new UpdateChecks({
    bus: new EventBus(),
    checkouts: () => names.map((name) => ({ name, dir: clone })),
    launcherFolder: () => Promise.resolve(null),
    intervalSeconds: () => 0,
    stateFile,
  });

describe('update checks kept on disk', () => {
  it('lists the last result after a restart, without fetching again', async () => {
    await writeFile(path.join(upstream.dir, 'NEWS.md'), 'news\n');
    const commit = upstream.commit('A new release');
    const first = checksOf();
    const [found] = await first.checkAll();
    expect(found).toMatchObject({ name: 'hello', behind: 1, changelog: [{ commit }] });
    await first.dispose();

    // The upstream is gone: only the kept result can say the app is behind.
    await upstream.remove();
    const second = checksOf();
    expect(second.list()).toEqual([]);
    await second.load();
    expect(second.list()).toEqual([found]);
    await second.dispose();
  });

  it('forgets the result of an app removed since', async () => {
    const checks = checksOf([]);
    await checks.load();
    await checks.recount('hello');
    await checks.dispose();
    const next = checksOf();
    await next.load();
    expect(next.list()).toEqual([]);
  });

  it('keeps a corrupt file aside, reports it and starts with no results', async () => {
    await writeFile(stateFile, '{"version": 1, "checks": [{"name": "hello", "behind": -1}]}');
    const checks = checksOf();
    await checks.load();
    expect(checks.list()).toEqual([]);
    const aside = (await readdir(home.state)).filter((n) =>
      n.startsWith('update-checks.json.corrupt-'),
    );
    expect(aside).toHaveLength(1);
    expect(stateWarningsUnder(home.root)[0]?.message).toContain(
      'update-checks.json is invalid at checks.0',
    );
  });
});
