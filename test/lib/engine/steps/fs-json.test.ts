// fs.* and json.* methods change real files inside the app folder, and json.set can rewrite the script itself.
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
});

async function run(rel: string, content: unknown, params?: unknown) {
  const file = await env.write(rel, content);
  const result = await (await env.runner.start(file, { params })).done;
  if (result.status !== 'finished')
    throw new Error(`run ${result.status}: ${result.error?.message}`);
  return result.result;
}

describe('fs methods', () => {
  it('write, append, read, copy, make and rm work inside the app folder', async () => {
    const result = await run('fs.json', {
      run: [
        { method: 'fs.write', params: { path: 'out/a.txt', text: 'hello' } },
        { method: 'fs.append', params: { path: 'out/a.txt', text: ' world' } },
        { method: 'fs.write', params: { path: 'out/b.json', json2: { k: 1 } } },
        { method: 'fs.copy', params: { src: 'out', dest: 'copy' } },
        { method: 'fs.make', params: { path: 'made/deep' } },
        { method: 'fs.rm', params: { path: 'out' } },
        { method: 'fs.read', params: { path: 'copy/a.txt', encoding: 'utf8' } },
      ],
    });
    expect(result).toBe('hello world');
    expect(JSON.parse(await readFile(path.join(env.appDir, 'copy/b.json'), 'utf8'))).toEqual({
      k: 1,
    });
    expect((await stat(path.join(env.appDir, 'made/deep'))).isDirectory()).toBe(true);
    await expect(stat(path.join(env.appDir, 'out'))).rejects.toThrow();
  });

  it('allows drive/ and cache/ of the home for file methods', async () => {
    await run('drive.json', {
      run: [{ method: 'fs.write', params: { path: '~/drive/models/m.txt', text: 'm' } }],
    });
    expect(await readFile(path.join(env.home.drive, 'models/m.txt'), 'utf8')).toBe('m');
  });

  it('refuses fs.write and fs.append through a dangling symlink that points out of the app folder', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'hangar-outside-'));
    try {
      await symlink(path.join(outside, 'pwned.txt'), path.join(env.appDir, 'notes.txt'));
      await symlink(path.join(outside, 'sub'), path.join(env.appDir, 'cfg'));
      for (const [method, target] of [
        ['fs.write', 'notes.txt'],
        ['fs.append', 'notes.txt'],
        ['fs.write', 'cfg/a.txt'],
        ['fs.make', 'cfg/deep'],
      ]) {
        const file = await env.write('out.json', {
          run: [{ method, params: { path: target, text: 'x' } }],
        });
        const result = await (await env.runner.start(file)).done;
        expect(result.error?.code).toBe('path_escape');
      }
      expect(await readdir(outside)).toEqual([]);
      expect(await readlink(path.join(env.appDir, 'notes.txt'))).toBe(
        path.join(outside, 'pwned.txt'),
      );
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('writes through a symlink that stays inside the app folder, dangling or not', async () => {
    await mkdir(path.join(env.appDir, 'configs'));
    await symlink('configs/new.yaml', path.join(env.appDir, 'config.yaml'));
    await run('in.json', {
      run: [
        { method: 'fs.write', params: { path: 'config.yaml', text: 'a: 1' } },
        { method: 'fs.append', params: { path: 'config.yaml', text: '\nb: 2' } },
      ],
    });
    expect(await readFile(path.join(env.appDir, 'configs/new.yaml'), 'utf8')).toBe('a: 1\nb: 2');
  });

  it('refuses fs.copy into a folder whose symlink leads out of the app folder', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'hangar-outside-'));
    try {
      await mkdir(path.join(env.appDir, 'src/models'), { recursive: true });
      await env.write('src/models/m.bin', 'weights');
      await mkdir(path.join(env.appDir, 'dest'));
      await symlink(outside, path.join(env.appDir, 'dest/models'));
      const file = await env.write('cp.json', {
        run: [{ method: 'fs.copy', params: { src: 'src', dest: 'dest' } }],
      });
      const result = await (await env.runner.start(file)).done;
      expect(result.error?.code).toBe('path_escape');
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses to remove the app folder itself', async () => {
    const file = await env.write('rmroot.json', {
      run: [{ method: 'fs.rm', params: { path: '.' } }],
    });
    const result = await (await env.runner.start(file)).done;
    expect(result.error?.code).toBe('path_escape');
    expect((await stat(env.appDir)).isDirectory()).toBe(true);
  });
});

describe('json methods', () => {
  it("json.set rewrites the script's own JSON on disk and the next run sees it", async () => {
    const content = {
      counter: 1,
      run: [
        {
          method: 'json.set',
          params: { 'self.json': { counter: '{{self.counter + 1}}', 'nested.flag': true } },
        },
        { method: 'script.return', params: '{{self.counter}}' },
      ],
    };
    expect(await run('self.json', content)).toBe(2);
    const onDisk = JSON.parse(await readFile(path.join(env.appDir, 'self.json'), 'utf8'));
    expect(onDisk.counter).toBe(2);
    expect(onDisk.nested).toEqual({ flag: true });
    const file = path.join(env.appDir, 'self.json');
    expect((await (await env.runner.start(file)).done).result).toBe(3);
  });

  it('json.rm removes keys, json.get loads into local, load returns data of JSON and JS files', async () => {
    await env.write('data.json', { a: 1, b: { c: 2, d: 3 } });
    await env.write('helpers.js', 'module.exports = { answer: 42 };');
    const result = await run('j.json', {
      run: [
        { method: 'json.rm', params: { 'data.json': ['b.c'] } },
        { method: 'json.get', params: { data: 'data.json' } },
        { method: 'load', params: { d: 'data.json', h: 'helpers.js' } },
        { method: 'script.return', params: { local: '{{local.data}}', loaded: '{{input}}' } },
      ],
    });
    expect(result).toEqual({
      local: { a: 1, b: { d: 3 } },
      loaded: { d: { a: 1, b: { d: 3 } }, h: { answer: 42 } },
    });
  });

  it('self.set is json.set and self.rm is json.rm', async () => {
    await run('s.json', {
      keep: 1,
      drop: 2,
      run: [
        { method: 'self.set', params: { 's.json': { added: 'yes' } } },
        { method: 'self.rm', params: { 's.json': ['drop'] } },
      ],
    });
    const onDisk = JSON.parse(await readFile(path.join(env.appDir, 's.json'), 'utf8'));
    expect(onDisk.added).toBe('yes');
    expect(onDisk.keep).toBe(1);
    expect('drop' in onDisk).toBe(false);
  });
});

describe('memory methods', () => {
  it('local/global set with dotted keys, rm and the generic set/rm', async () => {
    const result = await run('m.json', {
      run: [
        { method: 'local.set', params: { 'a.b': 1, list: [1, 2, 3] } },
        { method: 'global.set', params: { g: 'x' } },
        { method: 'local.rm', params: ['list.1'] },
        { method: 'set', params: { local: { c: 3 }, global: { h: 'y' } } },
        { method: 'rm', params: { global: ['g'] } },
        {
          method: 'script.return',
          params: { local: '{{local}}', g: '{{String(global.g)}}', h: '{{global.h}}' },
        },
      ],
    });
    expect(result).toEqual({ local: { a: { b: 1 }, list: [1, 3], c: 3 }, g: 'undefined', h: 'y' });
  });
});
