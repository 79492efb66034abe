// Daemons and long-lived shells: supervised servers that outlive their script, legacy sessions, process.daemonize, venvs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../../lib/engine/events';
import { ProcessSupervisor } from '../../../../../lib/engine/processes/supervisor';
import { shellSteps } from '../../../../../lib/engine/steps/shell';
import type { RunStatusEvent } from '../../../../../lib/shared/events';
import { alive, descendants, waitFor } from '../../../../helpers/processes';
import { createRun, request, type TestRun } from './step-context';

let current: TestRun | null = null;
let supervisor: ProcessSupervisor | null = null;

afterEach(async () => {
  // The supervisor ends its processes and writes their records while the run's home is still there.
  await supervisor?.dispose({ graceMs: 200 });
  await current?.dispose();
  current = null;
  supervisor = null;
  await waitFor(async () => (await descendants()).length === 0, 'no process left', 3000);
});

const call = (name: string, t: TestRun, params: Record<string, unknown>) =>
  shellSteps[name]!.run(params, t.ctx, request(params)) as Promise<StepResult>;

/** What the shell steps return, as these tests read it. */
interface StepResult {
  id: string;
  pid: number;
  running: boolean;
  stdout: string;
  event: string[];
}

describe('daemons', () => {
  it('keeps a daemon script’s server after the script ends, records it, and reports its crash within 1 s', async () => {
    const bus = new EventBus();
    const statuses: Array<RunStatusEvent & { at: number }> = [];
    bus.on('run:status', (e) => statuses.push({ ...e, at: Date.now() }));
    current = await createRun({ daemon: true });
    supervisor = new ProcessSupervisor({ home: current.ctx.home, bus, graceMs: 500 });
    current.ctx.services.supervisor = supervisor;
    const t = current;
    const result = await call('shell.run', t, {
      message: 'echo "listening on http://127.0.0.1:9"; read line; echo "Traceback: died"; exit 2',
      on: [{ event: '/http:\\/\\/\\S+/', done: true }],
    });
    expect(result.event[0]).toBe('http://127.0.0.1:9');
    await t.end();
    const [entry] = supervisor.list({ runId: t.ctx.runId });
    expect(entry?.state).toBe('running');
    expect(alive(entry!.pid!)).toBe(true);
    await waitFor(
      async () =>
        (await readFile(path.join(t.ctx.home.state, 'processes.json'), 'utf8')).includes(
          `"pid": ${entry!.pid}`,
        ),
      'the record',
    );
    const before = Date.now();
    entry!.write('go\n');
    await waitFor(() => statuses.length > 0, 'the crash report', 2000);
    expect(statuses[0]).toMatchObject({ runId: t.ctx.runId, app: 'demo', status: 'crashed' });
    expect(statuses[0]!.at - before).toBeLessThan(1000);
    expect(statuses[0]!.error?.lastLines).toContain('Traceback: died');
  });

  it('does not announce ordinary install commands as crashes', async () => {
    const bus = new EventBus();
    const statuses: RunStatusEvent[] = [];
    bus.on('run:status', (e) => statuses.push(e));
    current = await createRun({ daemon: true });
    supervisor = new ProcessSupervisor({ home: current.ctx.home, bus });
    current.ctx.services.supervisor = supervisor;
    await expect(call('shell.run', current, { message: 'exit 4' })).rejects.toMatchObject({
      code: 'step_failed',
    });
    expect(statuses).toEqual([]);
  });

  it("appends the start's server arguments to the serving command only, quoted for the shell", async () => {
    current = await createRun({ extra: { serverArgs: ['--subpath', '/apps/demo app'] } });
    const t = current;
    const plain = await call('shell.run', t, { message: 'echo setup' });
    expect(plain.stdout).toContain('setup');
    expect(plain.stdout).not.toContain('--subpath');
    const serving = await call('shell.run', t, {
      message: ['echo prepare', 'printf "%s|" listening "http://127.0.0.1:9"'],
      on: [
        { event: '/listening\\|http:\\/\\/\\S+\\|--subpath\\|\\/apps\\/demo app\\|/', done: true },
      ],
    });
    expect(serving.event[0]).toBe('listening|http://127.0.0.1:9|--subpath|/apps/demo app|');
    expect(t.logs.map((l) => l.text).join('')).toContain('$ echo prepare\n');
  });

  it('process.daemonize returns at once and keeps the process for the run', async () => {
    current = await createRun({ daemon: true });
    const result = await call('process.daemonize', current, { message: 'sleep 300' });
    expect(result.running).toBe(true);
    expect(alive(result.pid)).toBe(true);
    expect(current.processes.size).toBe(1);
    await current.processes.get(result.id)!.stop();
    expect(alive(result.pid)).toBe(false);
  });
});

describe('legacy persistent shells', () => {
  it('shell.start opens a shell that shell.enter and shell.write type into, and shell.stop ends', async () => {
    current = await createRun();
    const t = current;
    const id = await call('shell.start', t, { path: 'app' });
    // As on pinokiod, a shell's id is the script's folder unless it names one; `path` is where it runs.
    expect(id).toBe(t.ctx.cwd);
    await call('shell.write', t, { path: 'app', message: 'X=6\n' });
    const answer = await call('shell.enter', t, {
      path: 'app',
      message: 'echo "result: $((X*7)) in $PWD"',
      on: [{ event: '/result: (\\d+) in (\\S+)/', return: '{{event.matches[0][1]}}' }],
    });
    expect(answer).toBe('42');
    expect(t.processes.size).toBe(1);
    const [proc] = [...t.processes.values()];
    await call('shell.stop', t, { path: 'app' });
    expect(alive(proc!.pid!)).toBe(false);
    await expect(call('shell.enter', t, { path: 'app', message: 'echo' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('venv', () => {
  it('creates a missing venv with python3 -m venv and runs the command inside it', async () => {
    current = await createRun();
    const result = await call('shell.run', current, {
      venv: 'env',
      message: `python -c 'import sys; print("prefix=" + sys.prefix)'`,
    });
    expect(result.stdout).toContain(`prefix=${path.join(current.appDir, 'env')}`);
    const again = await call('shell.run', current, { venv: 'env', message: 'echo "$VIRTUAL_ENV"' });
    expect(again.stdout.trim()).toBe(path.join(current.appDir, 'env'));
    expect(current.logs.filter((l) => l.text.includes('-m venv')).length).toBe(1);
  }, 60_000);
});
