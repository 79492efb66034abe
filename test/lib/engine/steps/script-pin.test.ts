// script.start/download with hash, branch and pull against a real git repository in a temp dir.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appPin } from '../../../../lib/engine/repo-pins';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

let env: RunnerEnv;
let upstream: string;

const sh = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

async function commit(value: string): Promise<string> {
  await writeFile(
    path.join(upstream, 'install.json'),
    JSON.stringify({ run: [{ method: 'script.return', params: value }] }),
  );
  sh(upstream, 'add', '.');
  sh(upstream, 'commit', '-q', '-m', value);
  return sh(upstream, 'rev-parse', 'HEAD');
}

beforeEach(async () => {
  env = await makeRunnerEnv();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-pin-'));
  upstream = path.join(dir, 'up.git');
  execFileSync('git', ['init', '-q', '-b', 'main', upstream]);
});
afterEach(async () => {
  await env.cleanup();
  await rm(path.dirname(upstream), { recursive: true, force: true });
});

async function run(steps: unknown[]) {
  const file = await env.write('pin.json', { run: steps });
  return (await env.runner.start(file)).done;
}

describe('script.start and script.download pins', () => {
  it('clones then checks out the hash or branch, pulls when asked, and records the result', async () => {
    const c1 = await commit('v1');
    const c2 = await commit('v2');
    sh(upstream, 'switch', '-q', '-c', 'beta');
    const b1 = await commit('beta1');
    sh(upstream, 'switch', '-q', 'main');
    const uri = `file://${upstream}/install.json`;
    const clone = path.join(env.home.api, 'up');
    const pins = async () =>
      JSON.parse(await readFile(path.join(env.home.state, 'pins.json'), 'utf8')) as Record<
        string,
        { commit: string; branch: string | null }
      >;

    const first = await run([{ method: 'script.start', params: { uri, hash: c1.slice(0, 10) } }]);
    expect(first.result).toBe('v1');
    expect(sh(clone, 'rev-parse', 'HEAD')).toBe(c1);
    expect((await pins()).up).toMatchObject({ commit: c1, branch: null });

    const onBeta = await run([
      { method: 'script.download', params: { uri, branch: 'beta' } },
      { method: 'script.start', params: { uri } },
    ]);
    expect(onBeta.result).toBe('beta1');
    expect(sh(clone, 'branch', '--show-current')).toBe('beta');
    expect((await pins()).up).toMatchObject({ commit: b1, branch: 'beta' });
    expect(await appPin(env.home, 'up')).toEqual({ commit: b1, branch: 'beta' });
    expect(await appPin(env.home, 'demo')).toBeNull();

    sh(upstream, 'switch', '-q', 'beta');
    const b2 = await commit('beta2');
    const pulled = await run([{ method: 'script.download', params: { uri, pull: true } }]);
    expect(pulled.result).toBe(path.join(clone, 'install.json'));
    expect(sh(clone, 'rev-parse', 'HEAD')).toBe(b2);
    expect((await pins()).up).toMatchObject({ commit: b2, branch: 'beta' });

    const held = await run([{ method: 'script.start', params: { uri, hash: c2, pull: true } }]);
    expect(held.result).toBe('v2');
    expect(sh(clone, 'rev-parse', 'HEAD')).toBe(c2);
    expect(env.logs.join('')).toContain('detached at a pinned commit; not pulling');

    const bad = await run([{ method: 'script.download', params: { uri, hash: 'deadbeef' } }]);
    expect(bad.status).toBe('failed');
    expect(bad.error?.message).toContain('git switch --detach deadbeef failed');
    const invalid = await run([{ method: 'script.download', params: { uri, hash: 'not a hash' } }]);
    expect(invalid.error?.message).toContain(
      'script.download param "hash": expected a git commit hash',
    );
  });

  it("does not check out a running script's clone under it, as Pinokio skips a running script", async () => {
    await writeFile(
      path.join(upstream, 'serve.json'),
      JSON.stringify({ daemon: true, run: [{ method: 'process.wait' }] }),
    );
    const c1 = await commit('v1');
    const c2 = await commit('v2');
    const uri = `file://${upstream}/serve.json`;
    const clone = path.join(env.home.api, 'up');
    const first = await run([{ method: 'script.download', params: { uri, hash: c2 } }]);
    expect(first.error).toBeUndefined();
    const { runId } = await env.runner.start(path.join(clone, 'serve.json'));
    await env.waitFor('run:step', (e) => e.runId === runId);
    const file = await env.write('again.json', {
      run: [{ method: 'script.start', params: { uri, hash: c1 } }],
    });
    await env.runner.start(file);
    await env.waitFor('run:log', (e) => e.data.includes('already runs: its pins wait'));
    expect(sh(clone, 'rev-parse', 'HEAD')).toBe(c2);
  });

  it('leaves a local script URI alone, as Pinokio applies pins only to git URIs', async () => {
    await env.write('other.json', { run: [{ method: 'script.return', params: 'local' }] });
    const out = await run([
      { method: 'script.start', params: { uri: 'other.json', hash: 'abcdef1' } },
    ]);
    expect(out.result).toBe('local');
  });
});
