// Script URIs resolve to local files; git URIs clone into <home>/api on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../lib/engine/errors';
import { homeLayout } from '../../../../lib/engine/home';
import {
  findClone,
  parseGitUri,
  resolveScriptUri,
} from '../../../../lib/engine/script/resolve-uri';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hangar-resolve-uri-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const home = homeLayout(path.join(tmp, 'home'));
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
let bareUrl = '';

beforeAll(() => {
  const work = path.join(tmp, 'work');
  mkdirSync(path.join(work, 'sub'), { recursive: true });
  writeFileSync(path.join(work, 'index.json'), JSON.stringify({ run: [{ method: 'log' }] }));
  writeFileSync(path.join(work, 'sub', 'torch.js'), 'module.exports = { run: [] }');
  const git = (args: string[], cwd: string) =>
    execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' });
  git(['init', '-q', '-b', 'main'], work);
  git(['add', '.'], work);
  git(['commit', '-q', '-m', 'launcher'], work);
  git(['clone', '-q', '--bare', work, path.join(tmp, 'remote', 'demo-launcher.git')], tmp);
  bareUrl = pathToFileURL(path.join(tmp, 'remote', 'demo-launcher.git')).href;
});

describe('resolveScriptUri', () => {
  const cwd = path.join(tmp, 'scripts');

  it('resolves relative, absolute and ~/ paths', async () => {
    expect(await resolveScriptUri('torch.js', { cwd, home })).toBe(path.join(cwd, 'torch.js'));
    expect(await resolveScriptUri('../x/a.json', { cwd, home })).toBe(
      path.join(tmp, 'x', 'a.json'),
    );
    expect(await resolveScriptUri('/abs/a.json', { cwd, home })).toBe('/abs/a.json');
    expect(await resolveScriptUri('~/api/foo/start.js', { cwd, home })).toBe(
      path.join(home.root, 'api', 'foo', 'start.js'),
    );
  });

  it('splits git URIs into repository and inner path', () => {
    expect(parseGitUri('https://github.com/pinokiofactory/comfy.git/app/models')).toEqual({
      repo: 'https://github.com/pinokiofactory/comfy.git',
      sub: 'app/models',
    });
    expect(parseGitUri('https://github.com/a/b.git')).toEqual({
      repo: 'https://github.com/a/b.git',
      sub: '',
    });
    expect(parseGitUri('start.js')).toBeNull();
  });

  it('clones a git URI into <home>/api/<repo> on first use and resolves the file inside', async () => {
    const file = await resolveScriptUri(`${bareUrl}/index.json`, { cwd, home });
    expect(file).toBe(path.join(home.api, 'demo-launcher', 'index.json'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ run: [{ method: 'log' }] });
    expect(findClone(home.api, bareUrl)).toBe(path.join(home.api, 'demo-launcher'));
  });

  it('reuses the existing clone (no second clone) and resolves nested paths', async () => {
    const marker = path.join(home.api, 'demo-launcher', 'local-marker');
    writeFileSync(marker, 'kept');
    const [a, b] = await Promise.all([
      resolveScriptUri(`${bareUrl}/sub/torch.js`, { cwd, home }),
      resolveScriptUri(`${bareUrl}/index.json`, { cwd, home }),
    ]);
    expect(a).toBe(path.join(home.api, 'demo-launcher', 'sub', 'torch.js'));
    expect(b).toBe(path.join(home.api, 'demo-launcher', 'index.json'));
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(path.join(home.api, 'demo-launcher-2'))).toBe(false);
  });

  it('clones concurrent first uses of another repository once', async () => {
    const other = homeLayout(path.join(tmp, 'home2'));
    const results = await Promise.all(
      [1, 2, 3].map(() => resolveScriptUri(`${bareUrl}/index.json`, { cwd, home: other })),
    );
    expect(new Set(results).size).toBe(1);
    expect(existsSync(path.join(other.api, 'demo-launcher-2'))).toBe(false);
  });

  it('fails with a network error naming the repository when cloning fails', async () => {
    const missing = pathToFileURL(path.join(tmp, 'remote', 'missing.git')).href;
    let error: unknown;
    try {
      await resolveScriptUri(`${missing}/index.json`, { cwd, home });
    } catch (e) {
      error = e;
    }
    expect(isEngineError(error) && error.code).toBe('network');
    expect((error as Error).message).toContain('missing.git');
    expect(existsSync(path.join(home.api, 'missing'))).toBe(false);
  });

  it('rejects other URL schemes', async () => {
    await expect(
      resolveScriptUri('https://example.com/script.json', { cwd, home }),
    ).rejects.toMatchObject({ code: 'invalid_params' });
  });
});
