// Apps copied from a folder update and roll back like clones: the copy is committed in the app's folder, Update
// copies the folder's files again (new, changed and removed files), Roll back returns to the copy before, and what
// the app made itself stays, the update check names the files the folder changed; a folder that is gone or a link
// leading out of the app's folder refuses the update.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal, withAppStatesHarness } from './app-states-harness';

const { server, nextState, app } = withAppStatesHarness();
const fixture = path.resolve(__dirname, '../fixtures/launchers/hello-app');

const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

describe('an app copied from a folder', () => {
  let parent: string;
  let folder: string;
  const appDir = () => path.join(server().home, 'api/copied');
  const inApp = (file: string) => readFile(path.join(appDir(), file), 'utf8');
  const setVersion = async (version: string) => {
    const file = path.join(folder, 'app/server.js');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/VERSION = '[^']*'/, `VERSION = '${version}'`),
    );
  };

  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'hangar-folder-app-'));
    folder = path.join(parent, 'launcher');
    await cp(fixture, folder, { recursive: true });
    await writeFile(path.join(folder, 'notes.txt'), 'only in v1\n');
    // What a folder copied from an installed app may hold besides the launcher: an environment and weights.
    await mkdir(path.join(folder, 'app/env/lib'), { recursive: true });
    await writeFile(path.join(folder, 'app/env/lib/site.py'), "# the folder's own env\n");
    await writeFile(path.join(folder, 'app/weights.bin'), Buffer.alloc(9 * 1024 * 1024, 1));
    const installed = nextState('copied', 'installed');
    await server().rpc('apps.install', { source: folder, name: 'copied' });
    await installed;
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('records its copy as a commit of its own, with only the launcher files tracked', async () => {
    const copied = await app('copied');
    expect(copied.source.kind).toBe('folder');
    expect(copied.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(gitIn(appDir(), 'rev-parse', 'HEAD')).toBe(copied.commit);
    const tracked = gitIn(appDir(), 'ls-files').split('\n');
    expect(tracked).toEqual(expect.arrayContaining(['pinokio.js', 'app/server.js', 'notes.txt']));
    // What the install made is the app's, not the launcher's; environments and big files stay out of the history.
    expect(tracked).not.toContain('app/installed.txt');
    expect(tracked).not.toContain('app/env/lib/site.py');
    expect(tracked).not.toContain('app/weights.bin');
  });

  it('updates from the folder and rolls back, keeping what the app made', async () => {
    const v1 = (await app('copied')).commit!;
    await mkdir(path.join(appDir(), 'app/outputs'), { recursive: true });
    await writeFile(path.join(appDir(), 'app/outputs/picture.txt'), 'made by the app');
    await writeFile(path.join(appDir(), 'app/env/lib/site.py'), '# the app env\n');
    await setVersion('v2');
    await rm(path.join(folder, 'notes.txt'));
    await writeFile(path.join(folder, 'added.txt'), 'new in v2\n');

    const updated = await server().rpc('apps.update', { name: 'copied' });
    expect(updated.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(updated).toMatchObject({ previousCommit: v1 });
    expect(updated.commit).not.toBe(v1);
    expect(await inApp('app/server.js')).toContain("VERSION = 'v2'");
    expect(await inApp('added.txt')).toBe('new in v2\n');
    expect(existsSync(path.join(appDir(), 'notes.txt'))).toBe(false);
    expect(await inApp('app/outputs/picture.txt')).toBe('made by the app');
    expect(await inApp('app/installed.txt')).toBe('installed');
    expect(await inApp('app/env/lib/site.py')).toBe('# the app env\n');

    // Nothing changed in the folder: the same commit.
    expect((await server().rpc('apps.update', { name: 'copied' })).commit).toBe(updated.commit);

    const rolled = await server().rpc('apps.rollback', { name: 'copied' });
    expect(rolled).toMatchObject({ commit: v1, previousCommit: updated.commit });
    expect(await inApp('app/server.js')).toContain("VERSION = 'v1'");
    expect(await inApp('notes.txt')).toBe('only in v1\n');
    expect(existsSync(path.join(appDir(), 'added.txt'))).toBe(false);
    expect(await inApp('app/outputs/picture.txt')).toBe('made by the app');
    expect(await app('copied')).toMatchObject({ state: 'installed', commit: v1 });
  });

  it('shows "update available" with the files the folder changed, and up to date after the update', async () => {
    const mine = async () =>
      (await server().rpc('apps.updates', { check: true })).find((c) => c.name === 'copied');
    // Rolled back by the case before: the folder has what the rollback undid.
    expect(await mine()).toMatchObject({
      kind: 'files',
      behind: 3,
      changelog: [
        { commit: '', subject: 'added.txt added' },
        { commit: '', subject: 'app/server.js changed' },
        { commit: '', subject: 'notes.txt removed' },
      ],
      error: null,
    });
    await server().rpc('apps.update', { name: 'copied' });
    expect(await mine()).toMatchObject({ kind: 'files', behind: 0, changelog: [], error: null });
    await setVersion('v2b');
    await writeFile(path.join(folder, 'later.txt'), 'added later\n');
    expect(await mine()).toMatchObject({
      kind: 'files',
      behind: 2,
      changelog: [
        { commit: '', subject: 'app/server.js changed' },
        { commit: '', subject: 'later.txt added' },
      ],
      error: null,
    });
    await server().rpc('apps.update', { name: 'copied' });
    expect((await server().rpc('apps.updates', {})).find((c) => c.name === 'copied')).toMatchObject(
      { behind: 0 },
    );
    await rm(path.join(folder, 'later.txt'));
    expect(await mine()).toMatchObject({
      behind: 1,
      changelog: [{ commit: '', subject: 'later.txt removed' }],
    });
    await server().rpc('apps.update', { name: 'copied' });
  });

  it('tells a changed file over the history size by its size and time, and its update keeps the time', async () => {
    const mine = async () =>
      (await server().rpc('apps.updates', { check: true })).find((c) => c.name === 'copied');
    // Copied with its time at install and at each update: the same file reads as unchanged.
    expect(await mine()).toMatchObject({ behind: 0, changelog: [] });
    const weights = path.join(folder, 'app/weights.bin');
    await writeFile(weights, Buffer.alloc(9 * 1024 * 1024, 2));
    const later = new Date(Date.now() + 60_000);
    await utimes(weights, later, later);
    expect(await mine()).toMatchObject({
      behind: 1,
      changelog: [{ commit: '', subject: 'app/weights.bin changed' }],
    });
    await server().rpc('apps.update', { name: 'copied' });
    expect((await readFile(path.join(appDir(), 'app/weights.bin')))[0]).toBe(2);
    expect(gitIn(appDir(), 'ls-files')).not.toContain('weights.bin');
    expect(await mine()).toMatchObject({ behind: 0, changelog: [] });
    await writeFile(path.join(folder, 'app/more-weights.bin'), Buffer.alloc(9 * 1024 * 1024, 3));
    expect(await mine()).toMatchObject({
      behind: 1,
      changelog: [{ commit: '', subject: 'app/more-weights.bin added' }],
    });
    await server().rpc('apps.update', { name: 'copied' });
    expect(await mine()).toMatchObject({ behind: 0 });
  });

  it("runs an update script that begins with git pull in the launcher's folder, as most launchers' do", async () => {
    await writeFile(
      path.join(folder, 'update.json'),
      JSON.stringify({
        run: [
          { method: 'shell.run', params: { message: 'git pull' } },
          { method: 'shell.run', params: { message: 'echo pulled > pulled.txt' } },
        ],
      }),
    );
    await server().rpc('apps.update', { name: 'copied' });
    expect(await inApp('pulled.txt')).toBe('pulled\n');
  });

  it('starts a history for an app copied before Hangar kept one, then updates', async () => {
    await rm(path.join(appDir(), '.git'), { recursive: true, force: true });
    await rm(path.join(appDir(), 'pulled.txt'));
    await setVersion('v3');
    const updated = await server().rpc('apps.update', { name: 'copied' });
    // Its update script's git pull finds the new history following itself too.
    expect(await inApp('pulled.txt')).toBe('pulled\n');
    expect(await inApp('app/server.js')).toContain("VERSION = 'v3'");
    expect(updated.previousCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(gitIn(appDir(), 'show', `${updated.previousCommit}:app/server.js`)).toContain(
      "VERSION = 'v2b'",
    );
    expect(gitIn(appDir(), 'ls-files')).not.toContain('outputs/picture.txt');
  });

  it('keeps launcher files edited by hand: an update copies over them, a rollback brings them back', async () => {
    const edited = `${await inApp('pinokio.js')}\n// tuned by hand\n`;
    await writeFile(path.join(appDir(), 'pinokio.js'), edited);
    const updated = await server().rpc('apps.update', { name: 'copied' });
    expect(updated.updated).toBe(true);
    expect(await inApp('pinokio.js')).not.toContain('tuned by hand');
    // The edit is a commit of its own, the generation the update recorded.
    expect(gitIn(appDir(), 'log', '-1', '--format=%s', updated.previousCommit!)).toBe(
      'Launcher files edited in the app folder',
    );
    await server().rpc('apps.rollback', { name: 'copied' });
    expect(await inApp('pinokio.js')).toBe(edited);
    // Edited again and rolled back over: going forward and back again keeps both edits.
    const again = `${edited}// and again\n`;
    await writeFile(path.join(appDir(), 'pinokio.js'), again);
    await server().rpc('apps.rollback', { name: 'copied' });
    expect(await inApp('pinokio.js')).not.toContain('tuned by hand');
    await server().rpc('apps.rollback', { name: 'copied' });
    expect(await inApp('pinokio.js')).toBe(again);
  });

  it('refuses an update through a link the app made out of its folder, and writes nothing there', async () => {
    const outside = path.join(parent, 'outside');
    await mkdir(outside);
    await mkdir(path.join(folder, 'models'), { recursive: true });
    await writeFile(path.join(folder, 'models/readme.txt'), 'put models here\n');
    await symlink(outside, path.join(appDir(), 'models'));
    const before = (await app('copied')).commit;
    const refused = await refusal(server().rpc('apps.update', { name: 'copied' }));
    expect(refused.message).toContain("leaves the app's folder");
    expect(existsSync(path.join(outside, 'readme.txt'))).toBe(false);
    expect(await app('copied')).toMatchObject({ state: 'installed', commit: before });
    await rm(path.join(appDir(), 'models'));
    await rm(path.join(folder, 'models'), { recursive: true });
  });

  it('says where the folder was when it is gone, and keeps the app as it is', async () => {
    const before = (await app('copied')).commit;
    await rm(folder, { recursive: true });
    const refused = await refusal(server().rpc('apps.update', { name: 'copied' }));
    expect(refused.message).toContain(`the folder this app was copied from is gone: ${folder}`);
    expect(await app('copied')).toMatchObject({ state: 'installed', commit: before });
    expect(await inApp('app/server.js')).toContain("VERSION = 'v3'");
  });
});
