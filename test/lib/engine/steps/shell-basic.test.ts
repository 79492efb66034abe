// shell.run (plain): stdout as result, cwd from path, env merging, on-handlers, and process ownership.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alive, waitFor } from '../../../helpers/processes';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
});

describe('shell.run (basic)', () => {
  it('returns stdout, runs in path (created) with params.env merged and ENVIRONMENT values', async () => {
    await env.write('ENVIRONMENT', 'FROM_APP=./data\nEMPTY=\n');
    const file = await env.write('sh.json', {
      run: [
        {
          method: 'shell.run',
          params: {
            message: 'pwd; echo "$GREETING $FROM_APP"; echo "${PATH%%:*}"',
            path: 'work/dir',
            env: { GREETING: 'hi', PATH: ['/opt/first'] },
          },
        },
        { method: 'script.return', params: '{{input.stdout}}' },
      ],
    });
    const result = await (await env.runner.start(file)).done;
    const lines = String(result.result).trim().split(/\r?\n/);
    expect(lines[0]).toBe(path.join(env.appDir, 'work/dir'));
    expect(lines[1]).toBe(`hi ${path.join(env.appDir, 'data')}`);
    expect(lines[2]).toBe('/opt/first');
  });

  it('gives every script the shared model stores: HF_HOME in the cache, OLLAMA_MODELS in the drive', async () => {
    const file = await env.write('stores.json', {
      run: [
        { method: 'shell.run', params: { message: 'echo "$HF_HOME"; echo "$OLLAMA_MODELS"' } },
        { method: 'script.return', params: '{{input.stdout}}' },
      ],
    });
    const result = await (await env.runner.start(file)).done;
    const lines = String(result.result).trim().split(/\r?\n/);
    expect(lines[0].startsWith(`${env.home.root}${path.sep}`)).toBe(true);
    expect(lines[1]).toBe(path.join(env.home.drive, 'models', 'ollama'));
  });

  it('runs array messages one shell each, so cd does not carry over', async () => {
    const file = await env.write('arr.json', {
      run: [{ method: 'shell.run', params: { message: ['cd /', 'pwd > where.txt'] } }],
    });
    expect((await (await env.runner.start(file)).done).status).toBe('finished');
    expect((await readFile(path.join(env.appDir, 'where.txt'), 'utf8')).trim()).toBe(env.appDir);
  });

  it('fails on "error:" output by default unless the launcher masks it with break: false', async () => {
    const failing = await env.write('err.json', {
      run: [{ method: 'shell.run', params: { message: 'echo "error: boom"; sleep 5' } }],
    });
    const failed = await (await env.runner.start(failing)).done;
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('error: boom');
    const masked = await env.write('mask.json', {
      run: [
        {
          method: 'shell.run',
          params: { message: 'echo "error: harmless"', on: [{ event: '/error:/i', break: false }] },
        },
      ],
    });
    expect((await (await env.runner.start(masked)).done).status).toBe('finished');
  });

  it('a daemon keeps a server started with on done, captures the match, and stop kills it', async () => {
    const file = await env.write('daemon.json', {
      daemon: true,
      run: [
        {
          method: 'shell.run',
          params: {
            message: 'echo "pid=$$"; echo "Running on http://127.0.0.1:4321"; exec sleep 60',
            on: [{ event: '/(http:\\/\\/\\S+)/', done: true }],
          },
        },
        {
          method: 'local.set',
          params: {
            url: '{{input.event[1]}}',
            pid: '{{Number(/pid=(\\d+)/.exec(input.stdout)[1])}}',
          },
        },
      ],
    });
    const { runId, done } = await env.runner.start(file);
    const result = await done;
    expect(result.status).toBe('running');
    const local = env.runner.localOf(file) as { url: string; pid: number };
    expect(local.url).toBe('http://127.0.0.1:4321');
    expect(alive(local.pid)).toBe(true);
    await env.runner.stop(runId);
    await waitFor(() => !alive(local.pid), `pid ${local.pid} to end`);
    expect(env.runner.get(runId).status).toBe('stopped');
  });

  it('a non-daemon run kills processes left by on done when its steps end', async () => {
    const file = await env.write('nd.json', {
      run: [
        {
          method: 'shell.run',
          params: {
            message: 'echo "pid=$$ ready"; exec sleep 60',
            on: [{ event: '/ready/', done: true }],
          },
        },
        { method: 'script.return', params: '{{Number(/pid=(\\d+)/.exec(input.stdout)[1])}}' },
      ],
    });
    const result = await (await env.runner.start(file)).done;
    expect(result.status).toBe('finished');
    await waitFor(() => !alive(result.result as number), 'the daemonized process to end');
  });

  it('a daemon whose only process exits on its own is reported exited', async () => {
    const file = await env.write('short.json', {
      daemon: true,
      run: [
        {
          method: 'shell.run',
          params: { message: 'echo up; read -t 1 x; true', on: [{ event: '/up/', done: true }] },
        },
      ],
    });
    const { runId, done } = await env.runner.start(file);
    expect((await done).status).toBe('running');
    await env.waitFor('run:status', (e) => e.runId === runId && e.status === 'exited');
    expect(env.runner.isRunning(file)).toBe(false);
  });
});
