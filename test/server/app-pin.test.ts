// An install script that pins its launcher's clone at a hash: apps.get shows the commit as the app's `pin`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDetailSchema } from '../../lib/shared/app';
import { git } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let events: EventLog;
let parent: string;

beforeAll(async () => {
  server = await startTestServer();
  events = await collectEvents(server.url);
  parent = await mkdtemp(path.join(os.tmpdir(), 'hangar-pin-app-'));
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await rm(parent, { recursive: true, force: true });
});

describe('apps.get', () => {
  it('shows the commit an install script pinned the app folder to', async () => {
    // `.git` in the folder name makes `file://…/pinned.git/install.json` a git URI naming this clone.
    const dir = path.join(parent, 'pinned.git');
    git(parent, 'init', '-q', '-b', 'main', dir);
    await writeFile(
      path.join(dir, 'pinokio.js'),
      "module.exports = { title: 'Pinned', menu: [{ text: 'Install', href: 'install.json' }] };\n",
    );
    await writeFile(path.join(dir, 'install.json'), JSON.stringify({ run: [] }));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'first');
    const first = git(dir, 'rev-parse', 'HEAD');
    await writeFile(
      path.join(dir, 'install.json'),
      JSON.stringify({
        run: [
          {
            method: 'script.download',
            params: { uri: `file://${dir}/install.json`, hash: first },
          },
        ],
      }),
    );
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'pin the first commit');

    const installed = events.waitFor('app:status', (e) => e.state === 'installed');
    const { name } = await server.rpc('apps.install', {
      source: `file://${dir}`,
    });
    expect((await installed).name).toBe(name);

    const detail = await server.rpc('apps.get', { name });
    expect(appDetailSchema.safeParse(detail).error).toBeUndefined();
    expect(detail.pin).toEqual({ commit: first, branch: null });
  });
});
