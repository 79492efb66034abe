// The disk estimate before an install, on a real small disk: a 24 MiB tmpfs mounted as Hangar's home (needs root, as
// CI runs). A catalog entry that needs more than is free is refused with disk_full before anything is fetched; force
// installs it anyway.
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../lib/engine/engine';
import { isEngineError } from '../../../../lib/engine/errors';
import { mountTmpfs } from '../../../faults/tmpfs';

const fixture = path.resolve(__dirname, '../../../fixtures/launchers/hello-app');

describe('the disk estimate before an install', () => {
  let parent: string;
  let home: string;
  let engine: Engine;
  const neededGb = 0.05;

  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'hangar-space-'));
    home = await mountTmpfs(24);
    const catalog = path.join(parent, 'catalog');
    await cp(fixture, path.join(catalog, 'launchers', 'tiny'), { recursive: true });
    const entry = (id: string, diskGb: number) => ({
      id,
      title: `Tiny ${id}`,
      description: 'A small launcher for the disk check.',
      source: 'bundled:tiny',
      diskGb,
    });
    await writeFile(
      path.join(catalog, 'apps.json'),
      JSON.stringify({ apps: [entry('big', neededGb), entry('small', 0.001)] }),
    );
    engine = await Engine.create({ home, version: 'test', catalogDir: catalog });
  }, 60_000);

  afterAll(async () => {
    await engine?.dispose();
    await rm(parent, { recursive: true, force: true });
  });

  const installedState = (name: string) =>
    new Promise<string>((resolve) => {
      const off = engine.bus.on('app:status', (e) => {
        if (e.name !== name || (e.state !== 'installed' && e.state !== 'install-failed')) return;
        off();
        resolve(e.state);
      });
    });

  it('reports the estimate and the free space, and refuses an app that needs more than is free', async () => {
    const space = await engine.apps.installSpace('big');
    expect(space.diskGb).toBe(neededGb);
    expect(space.freeBytes).toEqual(expect.any(Number));
    expect(space.freeBytes).toBeLessThanOrEqual(24 * 1024 * 1024);
    expect(space.enough).toBe(false);
    const refused = await engine.apps.install({ source: 'big' }).catch((error: unknown) => error);
    expect(isEngineError(refused) && refused.code).toBe('disk_full');
    const error = refused as { message: string; details?: Record<string, unknown> };
    expect(error.message).toMatch(
      /Tiny big needs about [\d.]+ GB of disk and .* has [\d.]+ [KMGT]?B free/,
    );
    expect(error.details).toMatchObject({ canForce: true, freeBytes: space.freeBytes });
    expect(await readdir(path.join(home, 'api'))).toEqual([]);
    expect(await engine.apps.list()).toEqual([]);
  });

  it('installs an app that fits, and the one that does not when forced', async () => {
    expect(await engine.apps.installSpace('small')).toMatchObject({ diskGb: 0.001, enough: true });
    const small = installedState('small');
    await engine.apps.install({ source: 'small' });
    expect(await small).toBe('installed');
    const big = installedState('big');
    const forced = await engine.apps.install({ source: 'big', force: true });
    expect(forced).toMatchObject({ name: 'big', runId: expect.any(String) });
    expect(await big).toBe('installed');
  }, 60_000);

  it('says nothing about sources the catalog has no estimate for', async () => {
    expect(await engine.apps.installSpace(fixture)).toMatchObject({ diskGb: null, enough: true });
  });
});
