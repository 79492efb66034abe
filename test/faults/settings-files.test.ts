// config.json under concurrent settings.set and its mode: every patch lands, the token's file is the owner's only.
import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureHome } from '../../lib/engine/home';
import { Settings } from '../../lib/engine/settings';
import { makeTempDir } from '../helpers/temp-dir';
import { expectDrillInvariants } from './invariants';

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('config.json', () => {
  it('takes two settings.set in the same millisecond, and twenty at once, keeping every patch', async () => {
    const root = await makeTempDir('hangar-settings-');
    const { layout, config } = await ensureHome(root);
    const settings = new Settings(layout.config, config);
    const pair = await Promise.allSettled([
      settings.update({ allowHosts: ['a.example'] }),
      settings.update({ stopTimeoutMs: 1234 }),
    ]);
    expect(pair.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const many = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => settings.update({ stopTimeoutMs: 2000 + i })),
    );
    expect(many.filter((r) => r.status === 'rejected')).toEqual([]);
    const onDisk = JSON.parse(await readFile(layout.config, 'utf8'));
    expect(onDisk).toMatchObject({ allowHosts: ['a.example'], stopTimeoutMs: 2019 });
    expect(settings.value).toEqual(onDisk);
    expect((await readdir(root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expectDrillInvariants({ home: root });
  });

  it('is written with mode 0600, made so at start when it was readable by others, and stays so after a change', async () => {
    const fresh = await makeTempDir('hangar-mode-');
    const { layout } = await ensureHome(fresh);
    expect((await modeOf(layout.config)).toString(8)).toBe('600');

    const old = await makeTempDir('hangar-mode-');
    const file = path.join(old, 'config.json');
    await writeFile(file, JSON.stringify({ version: 1, hfToken: 'hf_secret' }));
    await chmod(file, 0o644);
    const opened = await ensureHome(old);
    expect((await modeOf(file)).toString(8)).toBe('600');
    await new Settings(file, opened.config).update({ hfToken: 'hf_other' });
    expect((await modeOf(file)).toString(8)).toBe('600');
    await expectDrillInvariants({ home: old });
  });
});
