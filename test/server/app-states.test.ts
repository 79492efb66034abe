// The app state machine through the API: install-failed vs failed, stop cancels an install, Start joins, menu installs move the state.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refusal, withAppStatesHarness } from './app-states-harness';
import { started } from '../helpers/rpc';

const { server, events, gatedLauncher, nextState, statesOf, logsContain, app } =
  withAppStatesHarness();

describe('an install that fails or is cancelled', () => {
  it('a Stop during the install ends its run: install-failed with "install cancelled", and Start is refused', async () => {
    const repo = await gatedLauncher('hang');
    const failed = nextState('cancelled', 'install-failed');
    const { runId } = started(
      await server().rpc('apps.install', { source: repo.dir, name: 'cancelled' }),
    );
    await logsContain(runId, 'install step: hang');
    expect((await app('cancelled')).state).toBe('installing');
    expect(await server().rpc('apps.stop', { name: 'cancelled' })).toEqual({
      name: 'cancelled',
      state: 'install-failed',
    });
    expect((await failed).error?.message).toBe('install cancelled');
    expect((await server().rpc('runs.get', { runId })).status).toBe('stopped');
    expect(await app('cancelled')).toMatchObject({
      state: 'install-failed',
      error: { message: 'install cancelled' },
    });
    expect(statesOf('cancelled')).not.toContain('failed');
    const refused = await refusal(server().rpc('apps.start', { name: 'cancelled' }));
    expect(refused.data.code).toBe('conflict');
    expect(refused.message).toMatch(/install failed \(install cancelled\)\. Install it again/);
    // The start script from the menu is refused the same way.
    const viaMenu = await refusal(
      server().rpc('scripts.run', { name: 'cancelled', script: 'start.json' }),
    );
    expect(viaMenu.data.code).toBe('conflict');
    expect(statesOf('cancelled')).not.toContain('starting');
    // A script run from the menu works in the same folder: Install again waits until it ends.
    const { runId: asking } = await server().rpc('scripts.run', {
      name: 'cancelled',
      script: 'ask.json',
    });
    await events().waitFor('run:input', (e) => e.runId === asking);
    expect((await app('cancelled')).activity).toMatchObject({
      script: 'ask.json',
      status: 'waiting',
    });
    const busy = await refusal(
      server().rpc('apps.install', { source: repo.dir, name: 'cancelled' }),
    );
    expect(busy.data.code).toBe('app_busy');
    expect(busy.message).toContain('ask.json is waiting for an answer');
    await server().rpc('apps.stop', { name: 'cancelled' });
    expect((await app('cancelled')).activity).toBeNull();
  });

  it('running install.json from the menu moves the state like apps.install, and a success clears the old error', async () => {
    await writeFile(path.join(server().home, 'api/cancelled/app/mode.txt'), 'ok');
    const installing = nextState('cancelled', 'installing');
    const installed = nextState('cancelled', 'installed');
    const { runId } = await server().rpc('scripts.run', {
      name: 'cancelled',
      script: 'install.json',
    });
    expect((await installing).error).toBeNull();
    expect((await installed).error).toBeNull();
    expect(await app('cancelled')).toMatchObject({ state: 'installed', error: null });
    await logsContain(runId, 'install step: ok');
    const started = await server().rpc('apps.start', { name: 'cancelled' });
    expect(started.url).toBe('/apps/cancelled/');
    await server().rpc('apps.stop', { name: 'cancelled' });
  });

  it('a failed install script leaves install-failed (not failed); apps.install of the same source runs it again in place', async () => {
    const repo = await gatedLauncher('fail');
    const failed = nextState('broken', 'install-failed');
    await server().rpc('apps.install', { source: repo.dir, name: 'broken' });
    expect((await failed).error?.message).toEqual(expect.any(String));
    expect(statesOf('broken')).toEqual(['installing', 'install-failed']);
    const other = await gatedLauncher('ok');
    await expect(
      server().rpc('apps.install', { source: other.dir, name: 'broken' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'app_exists' } } });
    await writeFile(path.join(server().home, 'api/broken/app/mode.txt'), 'ok');
    const installed = nextState('broken', 'installed');
    const again = await server().rpc('apps.install', {
      source: repo.dir,
      name: 'broken',
    });
    expect(again).toMatchObject({ name: 'broken', runId: expect.any(String) });
    await installed;
    expect(await app('broken')).toMatchObject({ state: 'installed', error: null });
  });

  it('removing goes through "removing" to "not-installed"', async () => {
    const gone = nextState('broken', 'not-installed');
    await server().rpc('apps.remove', { name: 'broken' });
    await gone;
    expect(statesOf('broken').slice(-2)).toEqual(['removing', 'not-installed']);
    expect(existsSync(path.join(server().home, 'api/broken'))).toBe(false);
  });
});

describe('starting', () => {
  it("a second Start while the first is starting joins it; a failed start's error goes with the next successful start", async () => {
    const repo = await gatedLauncher('ok');
    const installed = nextState('joiner', 'installed');
    await server().rpc('apps.install', { source: repo.dir, name: 'joiner' });
    await installed;
    const serverJs = path.join(server().home, 'api/joiner/app/server.js');
    await rename(serverJs, `${serverJs}.away`);
    await expect(
      server().rpc('apps.start', { name: 'joiner', timeoutMs: 10_000 }),
    ).rejects.toMatchObject({ rpc: { data: { code: expect.any(String) } } });
    expect((await app('joiner')).state).toBe('failed');
    expect((await app('joiner')).error).not.toBeNull();
    await rename(`${serverJs}.away`, serverJs);
    const [first, second] = await Promise.all([
      server().rpc('apps.start', { name: 'joiner' }),
      server().rpc('apps.start', { name: 'joiner' }),
    ]);
    expect(second).toEqual(first);
    expect(await app('joiner')).toMatchObject({ state: 'running', error: null });
    expect(
      (await server().rpc('runs.list', { name: 'joiner' })).filter((r) => r.status === 'running'),
    ).toHaveLength(1);
    await server().rpc('apps.stop', { name: 'joiner' });
  });
});
