// shell.run with daemon: true: the step returns at once, the server keeps running for the run, and stops with it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alive, waitFor } from '../../../../helpers/processes';
import { makeRunnerEnv, type RunnerEnv } from '../../script/run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
});

/** A node server on a free port that answers `name` and writes its port to `<name>.port`. */
const server = (name: string) =>
  `node -e "require('http').createServer((q, r) => r.end('${name}')).listen(0, '127.0.0.1', function () { require('fs').writeFileSync('${name}.port', String(this.address().port)) })"`;

async function portOf(name: string): Promise<number> {
  const file = path.join(env.appDir, `${name}.port`);
  await waitFor(
    () =>
      readFile(file, 'utf8').then(
        (text) => text.length > 0,
        () => false,
      ),
    `${name} to listen`,
    10_000,
  );
  return Number(await readFile(file, 'utf8'));
}

const answers = async (port: number): Promise<string> =>
  (await fetch(`http://127.0.0.1:${port}/`)).text();

describe('shell.run daemon: true', () => {
  it('starts two servers one after the other without blocking, both answer, and stopping the run stops both', async () => {
    const file = await env.write('start.json', {
      daemon: true,
      run: [
        { method: 'shell.run', params: { message: server('one'), daemon: true } },
        { method: 'local.set', params: { one: '{{input.pid}}' } },
        { method: 'shell.run', params: { message: server('two'), daemon: true } },
        { method: 'local.set', params: { two: '{{input.pid}}' } },
      ],
    });
    const { runId, done } = await env.runner.start(file);
    // The steps end while both servers still run: neither shell.run waited for its command.
    expect((await done).status).toBe('running');
    const [one, two] = [await portOf('one'), await portOf('two')];
    expect(await answers(one)).toBe('one');
    expect(await answers(two)).toBe('two');
    const local = env.runner.localOf(file) as { one: number; two: number };
    expect(alive(local.one) && alive(local.two)).toBe(true);
    await env.runner.stop(runId);
    await waitFor(() => !alive(local.one) && !alive(local.two), 'both servers to end', 10_000);
    await expect(answers(one)).rejects.toThrow();
    await expect(answers(two)).rejects.toThrow();
  });

  it('runs an array one subshell each (cd does not carry over) and a non-daemon run stops it at its end', async () => {
    const file = await env.write('bg.json', {
      run: [
        {
          method: 'shell.run',
          params: { message: ['cd /', 'pwd > where.txt; exec sleep 60'], daemon: true },
        },
        { method: 'local.set', params: { pid: '{{input.pid}}' } },
        { method: 'shell.run', params: { message: 'until [ -s where.txt ]; do sleep 0.05; done' } },
        { method: 'script.return', params: '{{local.pid}}' },
      ],
    });
    const result = await (await env.runner.start(file)).done;
    expect(result.status).toBe('finished');
    await waitFor(() => !alive(result.result as number), 'the background command to end', 10_000);
    expect((await readFile(path.join(env.appDir, 'where.txt'), 'utf8')).trim()).toBe(env.appDir);
  });

  it('fires its own on handlers in the background, ignores the default breaks, and reports the exit as a crash', async () => {
    const file = await env.write('fail.json', {
      daemon: true,
      run: [
        {
          method: 'shell.run',
          params: {
            message: 'echo "error: only a warning"; echo "saved 3 images"; sleep 0.2; exit 3',
            on: [{ event: '/saved (\\d+) images/', notify: 'got {{event[1]}}' }],
            daemon: true,
          },
        },
      ],
    });
    const notified = env.waitFor('run:notify', () => true);
    const { runId, done } = await env.runner.start(file);
    expect((await done).status).toBe('running');
    // The "error:" line before it did not stop the command: no default break handler in the background.
    expect((await notified).html).toBe('got 3');
    await waitFor(() => env.runner.get(runId).status === 'crashed', 'the daemon run to crash');
    expect(env.runner.get(runId).error).toMatchObject({ exitCode: 3 });
  });
});
