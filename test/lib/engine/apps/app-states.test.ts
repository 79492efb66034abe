// The state machine's table: legal moves persist and emit, illegal ones are conflicts, and old records migrate on load.
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homeLayout } from '../../../../lib/engine/home';
import { EventBus } from '../../../../lib/engine/events';
import { AppStore, type AppRecord } from '../../../../lib/engine/apps/app-store';
import { AppStates } from '../../../../lib/engine/apps/app-states';
import { APP_STATES, TRANSITIONS } from '../../../../lib/shared/app-state';
import { appRecord } from '../../../helpers/app-record';
import { makeTempDir } from '../../../helpers/temp-dir';

function record(
  name: string,
  state: AppRecord['state'],
  extra: Partial<AppRecord> = {},
): AppRecord {
  return appRecord(name, { state, source: { kind: 'folder', location: '/nowhere' }, ...extra });
}

async function machine() {
  const home = homeLayout(await makeTempDir('hangar-states-'));
  const store = new AppStore(home);
  const bus = new EventBus();
  const seen: Array<{ name: string; state: string }> = [];
  bus.on('app:status', (e) => seen.push({ name: e.name, state: e.state }));
  return { home, store, states: new AppStates(store, bus), seen };
}

describe('the transition table', () => {
  it('names exactly the eleven states, each with its moves', () => {
    expect([...APP_STATES].sort()).toEqual([
      'failed',
      'install-failed',
      'installed',
      'installing',
      'not-installed',
      'removing',
      'running',
      'starting',
      'stopped',
      'stopping',
      'updating',
    ]);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...APP_STATES].sort());
  });

  it.each([
    ['install-failed', 'starting'],
    ['installing', 'failed'],
    ['removing', 'running'],
  ] as const)('refuses %s → %s as a conflict', async (from, to) => {
    const { store, states } = await machine();
    const app = record('demo', from);
    await store.put(app);
    await expect(states.move(app, to)).rejects.toMatchObject({ code: 'conflict' });
    expect(store.get('demo')?.state).toBe(from);
  });

  it('keeps the error of install-failed and failed, clears it on other states, and drops the record at not-installed', async () => {
    const { store, states, seen } = await machine();
    let app = record('demo', 'installing');
    await store.put(app);
    app = await states.move(app, 'install-failed', { error: { message: 'install cancelled' } });
    app = await states.move(app, 'removing');
    expect(app.error).toBeNull();
    app = await states.move(app, 'install-failed', { error: { message: 'kept' } });
    app = await states.move(app, 'install-failed');
    expect(app.error).toEqual({ message: 'kept' });
    app = await states.move(app, 'installing');
    expect(app.error).toBeNull();
    app = await states.move(app, 'installed');
    await states.move(await states.move(app, 'removing'), 'not-installed');
    expect(store.get('demo')).toBeUndefined();
    expect(seen.map((e) => e.state)).toEqual([
      'install-failed',
      'removing',
      'install-failed',
      'install-failed',
      'installing',
      'installed',
      'removing',
      'not-installed',
    ]);
  });

  it('answers app_busy while removing', async () => {
    const { states } = await machine();
    expect(() => states.assertIdle(record('demo', 'removing'))).toThrow(
      expect.objectContaining({ code: 'app_busy' }),
    );
  });
  it('refuses a move from a record another call has changed or removed since, and writes nothing', async () => {
    const { store, states } = await machine();
    const read = record('demo', 'installed');
    await store.put(read);
    // Another call moves the app while the first is still awaiting with what it read.
    await states.move(await states.move(read, 'removing'), 'not-installed');
    await expect(states.move(read, 'updating')).rejects.toMatchObject({ code: 'app_not_found' });
    expect(store.get('demo')).toBeUndefined();

    await store.put(record('demo', 'installed'));
    const stale = record('demo', 'installed');
    await states.move(stale, 'starting');
    await expect(states.move(stale, 'removing')).rejects.toMatchObject({ code: 'app_busy' });
    expect(store.get('demo')?.state).toBe('starting');
  });
});

describe('apps.json written by an older Hangar', () => {
  it('turns a "failed" app that never installed into install-failed and writes the file again; a failed start stays failed', async () => {
    const { home } = await machine();
    const file = `${home.state}/apps.json`;
    const old = [
      record('cut', 'failed', {
        error: { message: 'Hangar restarted during installing; run it again.' },
      }),
      record('stopped-install', 'failed', { error: { message: 'the install was stopped' } }),
      record('crashed', 'failed', { error: { message: 'the app stopped unexpectedly (crashed)' } }),
      record('never', 'failed', { lastInstall: null, error: { message: 'step 0 failed' } }),
      record('fine', 'stopped'),
    ];
    await mkdir(home.state, { recursive: true });
    await writeFile(file, JSON.stringify(old));
    const store = new AppStore(home);
    await store.load();
    expect(store.list().map((r) => [r.name, r.state])).toEqual([
      ['crashed', 'failed'],
      ['cut', 'install-failed'],
      ['fine', 'stopped'],
      ['never', 'install-failed'],
      ['stopped-install', 'install-failed'],
    ]);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as AppRecord[];
    expect(onDisk.find((r) => r.name === 'cut')?.state).toBe('install-failed');
  });
});
