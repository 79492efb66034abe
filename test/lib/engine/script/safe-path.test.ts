// Param paths stay inside the app folder (or drive/cache when allowed); escapes are refused.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../lib/engine/errors';
import { resolveInside } from '../../../../lib/engine/script/safe-path';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hangar-safe-path-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const home = path.join(tmp, 'home');
const app = path.join(home, 'api', 'demo');
const drive = path.join(home, 'drive');
const outside = path.join(tmp, 'outside');
for (const dir of [app, drive, outside, path.join(app, 'sub')]) mkdirSync(dir, { recursive: true });
writeFileSync(path.join(outside, 'secret.txt'), 'x');
symlinkSync(outside, path.join(app, 'escape-link'));
symlinkSync(path.join(app, 'sub'), path.join(app, 'inner-link'));
symlinkSync('../../../outside/new.txt', path.join(app, 'dangling-out'));
symlinkSync('../../../outside/newdir', path.join(app, 'dangling-dir'));
symlinkSync('gone/hop', path.join(app, 'dangling-chain'));
symlinkSync('../../../outside', path.join(app, 'gone'));
symlinkSync('sub/later.txt', path.join(app, 'dangling-in'));
symlinkSync('loop-b', path.join(app, 'loop-a'));
symlinkSync('loop-a', path.join(app, 'loop-b'));

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isEngineError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('resolveInside', () => {
  const roots = { base: path.join(app, 'sub'), allowed: [app], home, param: 'path' };

  it('resolves relative paths against the base and accepts them inside the app', () => {
    expect(resolveInside('file.txt', roots)).toBe(path.join(app, 'sub', 'file.txt'));
    expect(resolveInside('../app/env', roots)).toBe(path.join(app, 'app', 'env'));
    expect(resolveInside(path.join(app, '.env'), roots)).toBe(path.join(app, '.env'));
    expect(resolveInside('inner-link/x', { ...roots, base: app })).toBe(
      path.join(app, 'inner-link', 'x'),
    );
  });

  it('refuses .. that leaves the app folder, naming the param', () => {
    const r = refusal(() => resolveInside('../../../../outside/secret.txt', roots));
    expect(r.code).toBe('path_escape');
    expect(r.message).toContain('param "path"');
    expect(r.message).toContain('../../../../outside/secret.txt');
  });

  it('refuses absolute paths outside every allowed root', () => {
    expect(refusal(() => resolveInside('/etc/passwd', roots)).code).toBe('path_escape');
  });

  it('refuses a symlink inside the app that points outside', () => {
    const r = refusal(() => resolveInside('escape-link/secret.txt', { ...roots, base: app }));
    expect(r.code).toBe('path_escape');
    expect(r.message).toContain('symlink');
  });

  it('refuses a dangling symlink that points outside, as the last name or as a folder on the way', () => {
    for (const p of ['dangling-out', 'dangling-dir/x.txt', 'dangling-chain']) {
      const r = refusal(() => resolveInside(p, { ...roots, base: app }));
      expect(r.code).toBe('path_escape');
      expect(r.message).toContain(path.join(outside));
    }
  });

  it('accepts a dangling symlink that points inside, and refuses a symlink loop', () => {
    expect(resolveInside('dangling-in', { ...roots, base: app })).toBe(
      path.join(app, 'dangling-in'),
    );
    expect(refusal(() => resolveInside('loop-a/x', { ...roots, base: app })).message).toContain(
      'loop',
    );
  });

  it('allows drive paths only when the drive is an allowed root', () => {
    expect(refusal(() => resolveInside('~/drive/models', roots)).code).toBe('path_escape');
    expect(resolveInside('~/drive/models', { ...roots, allowed: [app, drive] })).toBe(
      path.join(drive, 'models'),
    );
  });

  it('rejects empty paths as invalid params', () => {
    expect(refusal(() => resolveInside('', roots)).code).toBe('invalid_params');
  });
});
