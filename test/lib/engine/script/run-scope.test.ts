// The run scope: automatic imports on self, kernel/system values, env, port, and script.start over a git URI.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

let env: RunnerEnv;
const extra: string[] = [];
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
  await Promise.all(extra.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function returned(rel: string, content: unknown, params?: unknown) {
  const file = await env.write(rel, content);
  const out = await (await env.runner.start(file, { params })).done;
  if (out.status !== 'finished') throw new Error(`${out.status}: ${out.error?.message}`);
  return out.result;
}

describe('run scope', () => {
  it('reads automatic, folder-index and nested named imports through self', async () => {
    await env.write('animals.json', ['cat', 'dog']);
    await env.write('data/index.json', { kind: 'index' });
    await env.write('data/birds.json', ['owl']);
    await env.write('helpers/random.js', 'module.exports = () => 4;');
    const out = await returned('imports.json', {
      run: [
        {
          method: 'script.return',
          params: [
            '{{self.animals[1]}}',
            '{{self.data.kind}}',
            '{{self.data.birds[0]}}',
            '{{self.helpers.random()}}',
          ],
        },
      ],
    });
    expect(out).toEqual(['dog', 'index', 'owl', 4]);
  });

  it('exposes kernel, system facts, paths, helpers and a free port', async () => {
    const out = (await returned('k.json', {
      run: [
        {
          method: 'script.return',
          params: {
            platform: '{{platform}}',
            kplatform: '{{kernel.platform}}',
            gpu: '{{gpu}}',
            arch: '{{arch}}',
            os: '{{os.platform()}}',
            cwd: '{{cwd}}',
            name: '{{name}}',
            exists: '{{exists("k.json")}}',
            missing: '{{exists("nope")}}',
            running: '{{running("k.json")}}',
            port: '{{port}}',
            join: '{{path.join(cwd, "x")}}',
            current: '{{current}}',
            next: '{{next}}',
            which: '{{which("bash") !== null}}',
          },
        },
      ],
    })) as Record<string, unknown>;
    expect(out).toMatchObject({
      platform: process.platform,
      kplatform: process.platform,
      gpu: 'none',
      arch: process.arch,
      os: process.platform,
      cwd: env.appDir,
      name: 'demo',
      exists: true,
      missing: false,
      running: true,
      join: path.join(env.appDir, 'x'),
      current: 0,
      next: null,
      which: true,
    });
    expect(out.port).toBeGreaterThanOrEqual(42003);
  });

  it('gives kernel.memory.local of another running script', async () => {
    const daemon = await env.write('srv.json', {
      daemon: true,
      run: [{ method: 'local.set', params: { url: 'http://127.0.0.1:9' } }],
    });
    await (
      await env.runner.start(daemon)
    ).done;
    const out = await returned('reader.json', {
      run: [
        {
          method: 'script.return',
          params: '{{kernel.memory.local[path.resolve(cwd, "srv.json")].url}}',
        },
      ],
    });
    expect(out).toBe('http://127.0.0.1:9');
  });

  it('script.start clones a git URI into the home api folder on first use and runs the file inside', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'hangar-git-'));
    extra.push(work);
    const src = path.join(work, 'src');
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, { cwd, stdio: 'pipe' });
    git(work, 'init', '-q', '-b', 'main', src);
    await writeFile(
      path.join(src, 'tool.json'),
      JSON.stringify({ run: [{ method: 'script.return', params: 'from-git-{{input.x}}' }] }),
    );
    git(src, 'add', '.');
    git(src, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'init');
    git(work, 'clone', '-q', '--bare', src, path.join(work, 'tool.git'));
    const uri = `file://${path.join(work, 'tool.git')}/tool.json`;
    const out = await returned('caller.json', {
      run: [{ method: 'script.start', params: { uri, params: { x: 1 } } }],
    });
    expect(out).toBe('from-git-1');
    expect(
      env.runner.list().some((r) => r.script === path.join(env.home.api, 'tool', 'tool.json')),
    ).toBe(true);
  });
});
