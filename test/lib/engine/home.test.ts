import { describe, expect, it } from 'vitest';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureHome } from '../../../lib/engine/home';
import { EngineError } from '../../../lib/engine/errors';
import { makeTempDir } from '../../helpers/temp-dir';

describe('the Hangar home', () => {
  it('is created with api, bin, cache, drive, logs and a valid config.json', async () => {
    const root = path.join(await makeTempDir(), 'home');
    const { layout, config } = await ensureHome(root);
    for (const dir of ['api', 'bin', 'cache', 'drive', 'logs'])
      expect((await stat(path.join(root, dir))).isDirectory()).toBe(true);
    expect(JSON.parse(await readFile(layout.config, 'utf8'))).toEqual(config);
    expect(config.version).toBe(1);
  });

  it('is idempotent and keeps existing content and settings', async () => {
    const root = await makeTempDir();
    const first = await ensureHome(root);
    await writeFile(path.join(root, 'api', 'marker'), 'x');
    await writeFile(first.layout.config, JSON.stringify({ version: 1, hfToken: 'hf_abc' }));
    const second = await ensureHome(root);
    expect(second.config.hfToken).toBe('hf_abc');
    expect(await readdir(path.join(root, 'api'))).toEqual(['marker']);
  });

  it('reports a corrupt config.json with its path and keeps it aside unchanged', async () => {
    const root = await makeTempDir();
    const file = path.join(root, 'config.json');
    await writeFile(file, '{"version": 1,,}');
    const error = await ensureHome(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('config_invalid');
    expect((error as Error).message).toContain(file);
    const keptAs = String((error as EngineError).details?.keptAs);
    expect((error as Error).message).toContain(keptAs);
    expect(path.basename(keptAs)).toMatch(/^config\.json\.corrupt-\d{4}-\d\d-\d\dT/);
    expect(await readFile(keptAs, 'utf8')).toBe('{"version": 1,,}');
  });

  it('reports a config.json that breaks the schema, naming the field', async () => {
    const root = await makeTempDir();
    await writeFile(
      path.join(root, 'config.json'),
      JSON.stringify({ version: 1, stopTimeoutMs: 'soon' }),
    );
    await expect(ensureHome(root)).rejects.toThrow(/stopTimeoutMs/);
  });
});
