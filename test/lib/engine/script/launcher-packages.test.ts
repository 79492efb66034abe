// Launcher code requires the packages Pinokio gives its launchers (decompress, cross-fetch) without installing them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireFresh } from '../../../../lib/engine/script/imports';
import {
  LAUNCHER_PACKAGES,
  offerLauncherPackages,
} from '../../../../lib/engine/script/launcher-packages';

let home: string | null = null;
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  home = null;
});

describe('packages offered to launcher code', () => {
  it('a launcher module under the home requires decompress and cross-fetch and uses them', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'hangar-launcher-pkgs-'));
    await offerLauncherPackages(home);
    const dir = path.join(home, 'api', 'tgw');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'index.js');
    await writeFile(
      file,
      `const decompress = require('decompress');\nconst fetch = require('cross-fetch');\nmodule.exports = { decompress: typeof decompress, fetch: typeof fetch };\n`,
    );
    expect(requireFresh(file)).toEqual({ decompress: 'function', fetch: 'function' });
  });

  it('is idempotent and replaces an outdated or foreign entry', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'hangar-launcher-pkgs-'));
    await mkdir(path.join(home, 'node_modules', 'decompress'), { recursive: true });
    await writeFile(
      path.join(home, 'node_modules', 'decompress', 'index.js'),
      'module.exports = 1;',
    );
    await offerLauncherPackages(home);
    await offerLauncherPackages(home);
    for (const name of LAUNCHER_PACKAGES) {
      const text = await readFile(path.join(home, 'node_modules', name, 'index.js'), 'utf8');
      expect(text).toMatch(new RegExp(`require\\(".*node_modules/${name}/`));
    }
  });
});
