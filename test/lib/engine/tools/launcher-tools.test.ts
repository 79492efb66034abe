// `hangar check` lists the tools a launcher needs and who provides each: a real corpus launcher and a small one.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLauncher, formatCheckReport } from '../../../../lib/engine/check';

const corpus = path.resolve(__dirname, '../../../../../shared/pinokio-corpus');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('hangar check: tools', () => {
  it('lists what fluxgym needs: git and Python from the system, uv from Hangar', async () => {
    const report = await checkLauncher(path.join(corpus, 'fluxgym'));
    const byId = Object.fromEntries(report.tools.map((t) => [t.id, t]));
    expect(Object.keys(byId).sort()).toEqual(['git', 'python3', 'uv', 'venv']);
    expect(byId.uv).toMatchObject({ provider: 'hangar' });
    expect(byId.uv!.from).toContain('install.js step 2 (uv)');
    expect(byId.git).toMatchObject({ provider: 'system' });
    expect(byId.git!.how).toContain('apt: git');
    expect(byId.git!.from).toContain('install.js requires');
    const text = formatCheckReport(report);
    expect(text).toContain('uv (provided by Hangar): Hangar installs uv into bin/ with pip');
    expect(text).toContain('git (from the system)');
  });

  it('reads commands, venv_python and conda params of shell steps, and nothing else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-check-tools-'));
    dirs.push(dir);
    await writeFile(
      path.join(dir, 'pinokio.js'),
      "module.exports = { title: 'Tools', menu: [{ text: 'Install', href: 'install.json' }] }\n",
    );
    await writeFile(
      path.join(dir, 'install.json'),
      JSON.stringify({
        run: [
          { method: 'shell.run', params: { message: 'FOO=1 ffmpeg -version && npx vite build' } },
          {
            method: 'shell.run',
            params: { venv: 'env', venv_python: '3.10', message: 'echo git' },
          },
          { method: 'shell.run', params: { conda: { path: 'cenv' }, message: ['cmake ..'] } },
          { method: 'log', params: { text: 'git uv node' } },
        ],
      }),
    );
    const report = await checkLauncher(dir);
    expect(report.tools.find((t) => t.id === 'ffmpeg')).toMatchObject({ provider: 'hangar' });
    expect(report.tools.find((t) => t.id === 'cmake')).toMatchObject({ provider: 'system' });
    expect(report.tools.find((t) => t.id === 'conda')).toMatchObject({ provider: 'hangar' });
    expect(report.tools.map((t) => `${t.id}:${t.from.join('|')}`)).toEqual([
      'ffmpeg:install.json step 1 (ffmpeg)',
      'npm:install.json step 1 (npx)',
      'venv:install.json step 2 (venv)',
      'uv:install.json step 2 (venv_python)',
      'cmake:install.json step 3 (cmake)',
      'conda:install.json step 3 (conda)',
    ]);
  });
});
