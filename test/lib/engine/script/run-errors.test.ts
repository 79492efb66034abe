// Runs that cannot proceed fail with stable codes and messages naming file, step and cause.
import { symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
});

async function failure(rel: string, content: unknown) {
  const file = await env.write(rel, content);
  const result = await (await env.runner.start(file)).done;
  expect(result.status).toBe('failed');
  return { file, error: result.error! };
}

describe('run errors', () => {
  it('rejects an unknown method before any step runs, naming file, step index and known methods', async () => {
    const { file, error } = await failure('unknown.json', {
      run: [
        { method: 'fs.write', params: { path: 'should-not-exist.txt', text: 'x' } },
        { method: 'shell.runn', params: {} },
      ],
    });
    expect(error.code).toBe('unknown_method');
    expect(error.message).toContain(file);
    expect(error.message).toContain('step 2');
    expect(error.message).toContain('"shell.runn"');
    expect(error.message).toMatch(/Known methods: .*shell\.run/);
    await expect(
      import('node:fs/promises').then((f) => f.stat(path.join(env.appDir, 'should-not-exist.txt'))),
    ).rejects.toThrow();
  });

  it('reports malformed JSON with file, line and column', async () => {
    const { file, error } = await failure(
      'broken.json',
      '{\n  "run": [\n    { "method": "log", }\n  ]\n}',
    );
    expect(error.code).toBe('script_parse');
    expect(error.message).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+`),
    );
  });

  it('reports a file without run as not runnable, with the reason', async () => {
    const { error } = await failure('data.json', { animals: [] });
    expect(error.code).toBe('not_runnable');
    expect(error.message).toMatch(/not a runnable script: it has no `run` array/);
  });

  it('names the expression and the step when a template throws', async () => {
    const { error } = await failure('tpl.json', {
      run: [
        { method: 'log', params: { text: 'ok' } },
        { method: 'log', params: { text: '{{input.event[1]}}' } },
      ],
    });
    expect(error.code).toBe('template_error');
    expect(error.message).toContain('step 2:');
    expect(error.message).toContain('input.event[1]');
    expect(error.step).toBe(1);
  });

  it('rejects .. and absolute paths outside the app folder', async () => {
    const up = await failure('up.json', {
      run: [{ method: 'fs.write', params: { path: '../escape.txt', text: 'x' } }],
    });
    expect(up.error.code).toBe('path_escape');
    expect(up.error.message).toMatch(/param "path" "\.\.\/escape\.txt"/);
    const abs = await failure('abs.json', {
      run: [{ method: 'fs.read', params: { path: path.join(os.tmpdir(), 'x.txt') } }],
    });
    expect(abs.error.code).toBe('path_escape');
  });

  it('rejects a symlink that leads out of the app folder', async () => {
    await symlink(os.tmpdir(), path.join(env.appDir, 'out'));
    const { error } = await failure('link.json', {
      run: [{ method: 'fs.write', params: { path: 'out/evil.txt', text: 'x' } }],
    });
    expect(error.code).toBe('path_escape');
    expect(error.message).toMatch(/symlink/);
  });

  it('fails desktop-only methods with "not available in Hangar" and the reason', async () => {
    const { error } = await failure('desk.json', {
      run: [{ method: 'filepicker.open', params: { title: 'pick' } }],
    });
    expect(error.code).toBe('not_available');
    expect(error.message).toMatch(/filepicker\.open is not available in Hangar: .+/);
  });

  it('fails a shell command with a non-zero exit code and keeps the last lines', async () => {
    const { error } = await failure('exit.json', {
      run: [{ method: 'shell.run', params: { message: 'echo about to fail; exit 3' } }],
    });
    expect(error.code).toBe('step_failed');
    expect(error.message).toMatch(/step 1 \(shell\.run\) failed: .*exited with (code )?3/);
    expect(error.lastLines?.join('\n')).toContain('about to fail');
  });

  it('fails a step whose next names an id that does not exist', async () => {
    const { error } = await failure('next.json', {
      run: [{ method: 'log', params: { text: 'x' }, next: 'nowhere' }],
    });
    expect(error.message).toContain('no step has the id "nowhere"');
  });
});
