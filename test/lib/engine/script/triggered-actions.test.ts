// on[].trigger with real shells: a matched line queues another action of the same script with {event, trigger}.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../helpers/processes';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

let env: RunnerEnv;
beforeEach(async () => {
  env = await makeRunnerEnv();
});
afterEach(async () => {
  await env.cleanup();
});

const logText = (runId: string): string =>
  env.runner
    .logs(runId)
    .entries.map((e) => e.data)
    .join('');

/** A shell step that prints two matching lines, the second after the first action has had time to start. */
const printsTwoImages = {
  method: 'shell.run',
  params: {
    message: "printf 'saved a.png\\n'; sleep 0.3; printf 'saved b.png\\n'",
    on: [{ event: '/saved (\\S+\\.png)/', trigger: 'on_saved' }],
  },
};

describe('on[].trigger', () => {
  it('runs the named action once per match, in order, with args (and the first input) {event, trigger}, before the run finishes', async () => {
    const file = await env.write('gen.json', {
      run: [printsTwoImages],
      on_saved: [
        // The first action outlasts the second line: run side by side, b would be written first.
        {
          method: 'shell.run',
          params: { message: "sleep {{args.event[1] === 'a.png' ? 0.6 : 0}} # {{input.event[0]}}" },
        },
        {
          method: 'fs.append',
          params: { path: 'saved.txt', text: '{{args.event[1]}} by {{args.trigger}}\n' },
        },
      ],
    });
    const { runId, done } = await env.runner.start(file);
    const result = await done;
    expect(result.status).toBe('finished');
    // The second action waited for the first, and the run waited for both.
    expect(await readFile(path.join(env.appDir, 'saved.txt'), 'utf8')).toBe(
      'a.png by on_saved\nb.png by on_saved\n',
    );
    expect(logText(runId)).toContain('on.trigger: running "on_saved"');
    expect(logText(runId)).toContain('$ sleep 0 # saved b.png');
    // Triggered steps do not move the run's own step counter.
    expect(env.runner.get(runId).step).toMatchObject({ index: 0, total: 1, method: 'shell.run' });
  });

  it('a name that is no action is reported in the log with the actions there are; the run goes on', async () => {
    const file = await env.write('typo.json', {
      run: [
        {
          method: 'shell.run',
          params: {
            message: "printf 'saved a.png\\n'",
            on: [{ event: '/saved/', trigger: 'on_sved' }],
          },
        },
      ],
      on_saved: [{ method: 'log', params: { text: 'never' } }],
      title: 'not an action',
    });
    const { runId, done } = await env.runner.start(file);
    expect((await done).status).toBe('finished');
    expect(logText(runId)).toContain(
      `on.trigger "on_sved" names no array of steps in the script (its other actions: on_saved), ${file}`,
    );
  });

  it('a failing action is reported and does not fail the run that triggered it', async () => {
    const file = await env.write('fails.json', {
      run: [
        printsTwoImages,
        { method: 'fs.write', params: { path: 'main-done.txt', text: 'yes' } },
      ],
      on_saved: [{ method: 'shell.run', params: { message: 'exit 4' } }],
    });
    const { runId, done } = await env.runner.start(file);
    expect((await done).status).toBe('finished');
    expect(await readFile(path.join(env.appDir, 'main-done.txt'), 'utf8')).toBe('yes');
    expect(logText(runId)).toMatch(/on\.trigger "on_saved" failed: step 1 \(shell\.run\) failed/);
  });

  it('a server keeps firing its trigger handlers after its done match, while the run serves', async () => {
    const file = await env.write('serve.json', {
      daemon: true,
      run: [
        {
          method: 'shell.run',
          params: {
            message: "printf 'listening\\n'; sleep 0.3; printf 'saved late.png\\n'; sleep 30",
            on: [
              { event: '/listening/', done: true },
              { event: '/saved (\\S+)/', trigger: 'on_saved' },
            ],
          },
        },
      ],
      on_saved: [{ method: 'fs.write', params: { path: 'late.txt', text: '{{args.event[1]}}' } }],
    });
    const { runId, done } = await env.runner.start(file);
    expect((await done).status).toBe('running');
    await env.waitFor(
      'run:log',
      (e) => e.runId === runId && e.data.includes('on.trigger: running "on_saved"'),
    );
    await waitFor(
      () => existsSync(path.join(env.appDir, 'late.txt')),
      'the triggered action wrote late.txt',
    );
    expect(await readFile(path.join(env.appDir, 'late.txt'), 'utf8')).toBe('late.png');
    await env.runner.stop(runId);
  });

  it('stopping the run ends a triggered action that is still running, without reporting it as failed', async () => {
    const file = await env.write('server.json', {
      daemon: true,
      run: [
        {
          method: 'shell.run',
          params: {
            message: "printf 'saved a.png\\n'; sleep 30",
            on: [{ event: '/saved/', trigger: 'on_saved' }],
          },
        },
      ],
      on_saved: [
        { method: 'shell.run', params: { message: "printf 'action started\\n'; sleep 30" } },
      ],
    });
    const { runId } = await env.runner.start(file);
    await env.waitFor('run:log', (e) => e.runId === runId && e.data.includes('action started'));
    await env.runner.stop(runId);
    expect(env.runner.get(runId).status).toBe('stopped');
    expect(logText(runId)).not.toContain('failed');
  });
});
