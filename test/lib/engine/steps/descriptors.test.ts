// Step descriptors: one per method, read by the runner, `hangar check` and the README's method list.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLauncher } from '../../../../lib/engine/check/index';
import { renderMethodList } from '../../../../lib/engine/steps/method-list';
import {
  DESKTOP_ONLY,
  knownMethods,
  STEP_DESCRIPTORS,
  stepDescriptor,
} from '../../../../lib/engine/steps/registry';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('the descriptor table', () => {
  it('gives every known method a descriptor with a summary and a schema', () => {
    const names = knownMethods();
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      const descriptor = stepDescriptor(name);
      expect(descriptor, name).toBeDefined();
      expect(descriptor!.summary.length, name).toBeGreaterThan(5);
      expect(typeof descriptor!.params.safeParse, name).toBe('function');
      if (descriptor!.paths.length > 0) expect(descriptor!.checks, name).toContain('paths');
    }
    expect(Object.keys(DESKTOP_ONLY).sort()).toEqual(
      names.filter((n) => STEP_DESCRIPTORS[n]!.desktopOnly !== undefined),
    );
  });

  it('keeps the README method list equal to the descriptors', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- step-methods:start -->\n([\s\S]*?)\n<!-- step-methods:end -->/.exec(readme);
    expect(block, 'README.md has the step-methods markers').not.toBeNull();
    expect(block![1]).toBe(renderMethodList(STEP_DESCRIPTORS));
  });

  it('accepts what Pinokio launchers pass: loose messages, extra fields, absent params', () => {
    const ok = (method: string, params: unknown) =>
      expect(stepDescriptor(method)!.params.safeParse(params).success, method).toBe(true);
    ok('shell.run', { message: 'echo hi', path: 'app', somethingElse: 1 });
    ok('shell.run', { message: ['a', 'b'], venv: 'env', env: { PATH: ['x'] }, on: [] });
    ok('shell.run', { message: { _: ['python', 'x.py'], port: 1 }, conda: { skip: true } });
    ok('shell.run', { message: 'x', on: { event: '/ready/', done: true } });
    ok('process.wait', undefined);
    ok('process.wait', { sec: '2' });
    ok('log', 'text');
    ok('script.stop', ['a.js', 'b.js']);
    ok('script.start', 'other.js');
    ok('local.set', { url: 'http://x', 'a.b': 1 });
    ok('hf.download', { _: ['org/name'], 'local-dir': 'models', '--exclude': '*.bin' });
    ok('shell.run', { message: 'x', path: null, venv: null, env: null, on: null });
    ok('fs.write', { path: 'a.txt', text: 'x', encoding: null });
  });
});

describe('wrong param types', () => {
  let dir: string;
  let env: RunnerEnv | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-descriptors-'));
  });
  afterEach(async () => {
    await env?.cleanup();
    env = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('hangar check names the step index and the field, and leaves templates to run time', async () => {
    const launcher = path.join(dir, 'launcher');
    await mkdir(launcher, { recursive: true });
    await writeFile(path.join(launcher, 'pinokio.js'), 'module.exports = { title: "T", menu: [] }');
    await writeFile(
      path.join(launcher, 'install.json'),
      JSON.stringify({
        run: [
          { method: 'log', params: { text: 'fine', extra: true } },
          { method: 'shell.run', params: { message: 'echo', path: 5 } },
          { method: 'fs.write', params: { path: 'a.txt', text: 'x', encoding: 'utf8' } },
          { method: 'process.wait', params: { sec: 'soon' } },
          { method: 'shell.run', params: { message: 'echo', path: '{{args.folder}}' } },
          { method: 'script.start', params: { uri: 7 } },
        ],
      }),
    );
    const report = await checkLauncher(launcher, { home: path.join(dir, 'home') });
    const install = report.scripts.find((s) => s.file === 'install.json')!;
    expect(install.ok).toBe(false);
    expect(install.errors).toEqual([
      'step 2: shell.run param "path": Invalid input: expected string, received number',
      'step 4: process.wait param "sec": expected a number',
      'step 6: script.start param "uri": Invalid input: expected string, received number',
    ]);
  });

  it('hangar check keeps path params inside the app, following symlinks', async () => {
    const launcher = path.join(dir, 'launcher');
    const outside = path.join(dir, 'outside');
    await mkdir(launcher, { recursive: true });
    await mkdir(outside, { recursive: true });
    await symlink(outside, path.join(launcher, 'models'));
    await writeFile(path.join(launcher, 'pinokio.js'), 'module.exports = { title: "T", menu: [] }');
    await writeFile(
      path.join(launcher, 'install.json'),
      JSON.stringify({
        run: [
          { method: 'fs.write', params: { path: 'app/ok.txt', text: 'x' } },
          { method: 'fs.write', params: { path: 'models/escape.txt', text: 'x' } },
          { method: 'fs.copy', params: { src: 'app', dest: '../elsewhere' } },
          { method: 'shell.run', params: { message: 'echo', path: 'app', venv: '../../env' } },
        ],
      }),
    );
    const report = await checkLauncher(launcher, { home: path.join(dir, 'home') });
    const errors = report.scripts.find((s) => s.file === 'install.json')!.errors;
    expect(errors.map((e) => e.split(':')[0])).toEqual(['step 2', 'step 3', 'step 4']);
    expect(errors[0]).toMatch(/symlink/);
    expect(errors[1]).toContain('dest');
    expect(errors[2]).toContain('venv');
  });

  it('the runner refuses a wrong type before the step runs, naming the step and the field', async () => {
    env = await makeRunnerEnv();
    const file = await env.write('bad.json', {
      run: [
        { method: 'log', params: { text: 'first' } },
        { method: 'fs.write', params: { path: ['a.txt'], text: 'x' } },
      ],
    });
    const out = await (await env.runner.start(file)).done;
    expect(out.status).toBe('failed');
    expect(out.error).toMatchObject({
      code: 'invalid_params',
      message:
        'step 2 (fs.write) failed: fs.write param "path": Invalid input: expected string, received array',
    });
  });
});
