// shell.run with input: true, as Pinokio: the user types into the shell, it stays open at a prompt after the
// command, break handlers do not stop it (the step fails with them once it ends), and other shells refuse keys.
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

/** The run's output so far (ANSI and carriage returns left in). */
function output(runId: string): string {
  return env.runner
    .logs(runId, { limit: 10_000 })
    .entries.map((e) => e.data)
    .join('');
}

async function printed(runId: string, pattern: RegExp): Promise<void> {
  await waitFor(() => pattern.test(output(runId)), `output ${pattern}`, 10_000);
}

async function startInteractive(steps: unknown[]) {
  const file = await env.write('type.json', { run: steps });
  const open = env.waitFor('run:shell-input', (e) => e.open);
  const started = await env.runner.start(file);
  expect((await open).runId).toBe(started.runId);
  return started;
}

describe('shell.run input: true', () => {
  it('takes keystrokes, stays open at a prompt after the command, and ends when the user leaves', async () => {
    const { runId, done } = await startInteractive([
      {
        method: 'shell.run',
        params: { message: 'read -r name && echo "hello $name"', input: true },
      },
      { method: 'script.return', params: '{{input.stdout}}' },
    ]);
    expect(env.runner.get(runId).shellInput).toBe(true);
    env.runner.write(runId, 'Ada\r');
    await printed(runId, /hello Ada/);
    // The command is over; the shell is not: it runs what the user types next.
    env.runner.write(runId, 'echo $((6*7))\r');
    await printed(runId, /[\r\n]42\r?\n/);
    expect(env.runner.get(runId).status).toBe('running');
    env.runner.write(runId, 'exit\r');
    const result = await done;
    expect(result.status).toBe('finished');
    expect(String(result.result)).toContain('hello Ada');
    expect(env.runner.get(runId).shellInput).toBe(false);
  });

  it('does not stop on a break match but fails the step with it once the shell ends', async () => {
    const { runId, done } = await startInteractive([
      {
        method: 'shell.run',
        params: { message: 'echo "error: not fatal yet"', input: true },
      },
      { method: 'log', params: { text: 'never reached' } },
    ]);
    await printed(runId, /error: not fatal yet/);
    env.runner.write(runId, 'echo $((6*7))\r');
    await printed(runId, /[\r\n]42\r?\n/);
    env.runner.write(runId, 'exit\r');
    const result = await done;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('printed the output line "error: not fatal yet"');
    expect(output(runId)).not.toContain('never reached');
  });

  it('ends with the run: stopping it hangs up the interactive shell', async () => {
    const { runId, done } = await startInteractive([
      { method: 'shell.run', params: { message: 'true', input: true } },
    ]);
    env.runner.write(runId, 'echo "pid=$$"\r');
    await printed(runId, /pid=\d+/);
    const pid = Number(/pid=(\d+)/.exec(output(runId))![1]);
    expect(alive(pid)).toBe(true);
    await env.runner.stop(runId);
    expect((await done).status).toBe('stopped');
    await waitFor(() => !alive(pid), `shell ${pid} to end`, 10_000);
  });

  it('refuses keystrokes for a shell without input: true', async () => {
    const file = await env.write('plain.json', {
      run: [{ method: 'shell.run', params: { message: 'echo "pid=$$"; read -r line' } }],
    });
    const { runId, done } = await env.runner.start(file);
    await printed(runId, /pid=\d+/);
    expect(() => env.runner.write(runId, 'hi\r')).toThrow(/no shell that takes input/);
    expect(env.runner.get(runId).shellInput ?? false).toBe(false);
    await env.runner.stop(runId);
    expect((await done).status).toBe('stopped');
  });
});
