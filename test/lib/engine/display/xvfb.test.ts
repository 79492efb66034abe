// shell.run `display: true`: a real Xvfb per command, DISPLAY set, stopped with its command or its app, restart-safe.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayOwner } from '../../../../lib/engine/display';
import { diagnose } from '../../../../lib/engine/diagnosis/diagnose';
import { listProcs } from '../../../../lib/engine/processes/proc-table';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { shellSteps } from '../../../../lib/engine/steps/shell';
import { waitFor } from '../../../helpers/processes';
import { createRun, request, type TestRun } from '../steps/shell/step-context';

let current: TestRun | null = null;
const supervisors: ProcessSupervisor[] = [];

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.dispose({ graceMs: 500 });
  await current?.dispose();
  current = null;
});

const call = (t: TestRun, params: Record<string, unknown>) =>
  shellSteps['shell.run']!.run(params, t.ctx, request(params)) as Promise<{
    id: string;
    stdout: string;
  }>;

/** Live Xvfb processes started for this test's home. */
async function xvfbs(t: TestRun): Promise<number[]> {
  const owner = `HANGAR_OWNER=${t.ctx.home.root}\0`;
  const found: number[] = [];
  for (const p of await listProcs()) {
    if (p.state === 'Z') continue;
    const comm = await readFile(`/proc/${p.pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() !== 'Xvfb') continue;
    const env = await readFile(`/proc/${p.pid}/environ`, 'latin1').catch(() => '');
    if (env.includes(owner)) found.push(p.pid);
  }
  return found;
}

async function withSupervisor(options: { daemon?: boolean } = {}): Promise<TestRun> {
  current = await createRun(options);
  const supervisor = new ProcessSupervisor({ home: current.ctx.home, graceMs: 500 });
  supervisors.push(supervisor);
  current.ctx.services = { ...current.ctx.services, supervisor };
  return current;
}

const logText = (t: TestRun) => t.logs.map((l) => l.text).join('');

const records = async (t: TestRun) =>
  readFile(path.join(t.ctx.home.state, 'processes.json'), 'utf8').catch(() => '');

describe('shell.run display: true', () => {
  it('runs an X client on its own Xvfb, and the Xvfb is gone when the command ends', async () => {
    const t = await withSupervisor();
    const result = await call(t, {
      message: 'echo "on $DISPLAY"; xdpyinfo | grep dimensions',
      display: true,
    });
    expect(result.stdout).toMatch(/on :\d+/);
    expect(result.stdout).toMatch(/dimensions:\s+1280x800 pixels/);
    expect(logText(t)).toMatch(/virtual display :\d+ \(Xvfb\)/);
    expect(await xvfbs(t)).toEqual([]);
  });

  it('without a display the X client fails and the log names the setting', async () => {
    const t = await withSupervisor();
    const failed = await call(t, { message: 'unset DISPLAY; xdpyinfo' }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(String((failed as Error).message)).toMatch(/unable to open display/);
    expect(logText(t)).toContain('Hint: This program needs a screen');
    expect(logText(t)).toContain('display: true');
    const found = await diagnose('xdpyinfo:  unable to open display "".', {
      installCommand: async () => null,
    });
    expect(found?.id).toBe('no_display');
    expect(found?.nextStep).toContain('display: true');
  });

  it('gives two commands two displays at once, with no race for the number', async () => {
    const t = await withSupervisor();
    const [a, b] = await Promise.all([
      call(t, { message: 'echo "on $DISPLAY"; xdpyinfo >/dev/null && sleep 0.5', display: true }),
      call(t, { message: 'echo "on $DISPLAY"; xdpyinfo >/dev/null && sleep 0.5', display: true }),
    ]);
    const numberOf = (s: string) => /on :(\d+)/.exec(s)?.[1];
    expect(numberOf(a!.stdout)).toBeDefined();
    expect(numberOf(a!.stdout)).not.toBe(numberOf(b!.stdout));
    expect(await xvfbs(t)).toEqual([]);
  });

  it('refuses a display that is not a boolean', async () => {
    const t = await withSupervisor();
    await expect(call(t, { message: 'true', display: 'yes' })).rejects.toThrow(/"display"/);
  });

  it('keeps the display with an app server, records it, and stops it when the app stops', async () => {
    const t = await withSupervisor({ daemon: true });
    const supervisor = t.ctx.services.supervisor!;
    const result = await call(t, {
      message: 'xdpyinfo >/dev/null && echo "ready on $DISPLAY"; sleep 600',
      display: true,
      on: [{ event: '/ready on :\\d+/', done: true }],
    });
    await t.end();
    const [xvfb] = await xvfbs(t);
    expect(xvfb).toBeDefined();
    const live = await DisplayOwner.of(supervisor).list('demo');
    expect(live).toHaveLength(1);
    expect(result.stdout).toContain(`ready on :${live[0]!.number}`);
    await waitFor(async () => (await records(t)).includes(':display:'), 'the display record');
    await supervisor.stopApp('demo');
    expect(await xvfbs(t)).toEqual([]);
  });

  it('the display goes when the app server ends on its own', async () => {
    const t = await withSupervisor({ daemon: true });
    await call(t, {
      message: 'echo ready; read line; exit 0',
      display: true,
      on: [{ event: '/ready/', done: true }],
    });
    await t.end();
    expect(await xvfbs(t)).toHaveLength(1);
    const server = t.ctx.services
      .supervisor!.list({ runId: t.ctx.runId })
      .find((p) => p.id.includes(':shell:'));
    server!.write('go\n');
    await waitFor(async () => (await xvfbs(t)).length === 0, 'the Xvfb to stop', 5000);
  });

  it('survives a Hangar restart with its app server and is stopped with it afterwards', async () => {
    const t = await withSupervisor({ daemon: true });
    await call(t, {
      message: 'echo ready; sleep 600',
      display: true,
      on: [{ event: '/ready/', done: true }],
    });
    await t.end();
    const [before] = await xvfbs(t);
    // A crash: the next Hangar finds the records and adopts the app server and its display.
    const crashed = supervisors.pop()!;
    const next = new ProcessSupervisor({ home: t.ctx.home, graceMs: 500 });
    supervisors.push(next);
    await next.recover('adopt');
    const owner = DisplayOwner.of(next);
    await owner.sweep();
    expect(await xvfbs(t)).toEqual([before]);
    expect((await owner.list('demo')).map((d) => d.number)).toHaveLength(1);
    const server = next.list({ runId: t.ctx.runId }).find((p) => p.id.includes(':shell:'));
    await next.stop(server!.id);
    await waitFor(async () => (await xvfbs(t)).length === 0, 'the adopted Xvfb to stop', 5000);
    await crashed.dispose({ graceMs: 200 });
  });

  it('a restart stops the display of a command that was not an app server', async () => {
    const t = await withSupervisor();
    const pending = call(t, { message: 'echo started; sleep 600', display: true }).catch(
      (e: Error) => e,
    );
    await waitFor(() => t.output().includes('started'), 'the command');
    await waitFor(async () => (await records(t)).includes(':display:'), 'the display record');
    // A crash: nothing is stopped, the next Hangar finds the records.
    const crashed = supervisors.pop()!;
    const next = new ProcessSupervisor({ home: t.ctx.home, graceMs: 500 });
    supervisors.push(next);
    await next.recover('adopt');
    expect(await xvfbs(t)).toEqual([]);
    await crashed.dispose({ graceMs: 200 });
    await pending;
  });
});
