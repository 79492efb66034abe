import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireSource } from '../../../../lib/engine/apps/app-source';
import { EngineError } from '../../../../lib/engine/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

/** A launcher folder with one script and an empty api/ beside it; where an app of it would go. */
async function launcherBesideApi(): Promise<{ source: string; dest: string }> {
  const root = await makeTempDir('hangar-source-');
  const source = path.join(root, 'launcher');
  await mkdir(source);
  await writeFile(path.join(source, 'start.js'), 'module.exports = { run: [] };');
  await mkdir(path.join(root, 'api'));
  return { source, dest: path.join(root, 'api', 'app') };
}

describe('a folder source', () => {
  it('that holds the destination (the home, or /) is refused before anything is copied', async () => {
    const home = await makeTempDir('hangar-source-');
    await writeFile(path.join(home, 'pinokio.js'), 'module.exports = {};');
    const api = path.join(home, 'api');
    await mkdir(api);
    for (const location of [home, api, '/']) {
      const error = await acquireSource(
        { kind: 'folder', location },
        path.join(api, 'app'),
        async () => undefined,
      ).catch((e: unknown) => e);
      expect(error, location).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('invalid_params');
      expect((error as Error).message).toContain(`${location} holds Hangar's home`);
    }
    expect(await readdir(api)).toEqual([]);
  });

  it('beside the home is copied', async () => {
    const { source, dest } = await launcherBesideApi();
    expect(
      await acquireSource({ kind: 'folder', location: source }, dest, async () => undefined),
    ).toEqual({
      commit: null,
    });
    expect(await readdir(dest)).toEqual(['start.js']);
  });

  it('whose destination another install filled meanwhile answers app_exists and leaves that install alone', async () => {
    const { source, dest } = await launcherBesideApi();
    const error = await acquireSource({ kind: 'folder', location: source }, dest, async () => {
      await mkdir(dest, { recursive: true });
      await writeFile(path.join(dest, 'other.js'), 'the first install');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'app_exists' });
    expect(await readdir(path.dirname(dest))).toEqual(['app']);
    expect(await readdir(dest)).toEqual(['other.js']);
  });
});
