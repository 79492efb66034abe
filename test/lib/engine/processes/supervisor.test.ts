// Supervisor: crash detection, stop leaving nothing behind, and events for the UI (apps restart in apps/).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { homeLayout, type HomeLayout } from '../../../../lib/engine/home';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import type { ProcessExitEvent } from '../../../../lib/engine/processes/supervised-process';
import { PortPool } from '../../../../lib/engine/processes/port-pool';
import type { AppStatusEvent, RunStatusEvent } from '../../../../lib/shared/events';
import { descendants, waitFor } from '../../../helpers/processes';

let dir: string;
let home: HomeLayout;
let supervisor: ProcessSupervisor;
let bus: EventBus;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const bash = (script: string) => ({ file: 'bash', args: ['-c', script], cwd: dir, env });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-sup-'));
  home = homeLayout(dir);
  bus = new EventBus();
  supervisor = new ProcessSupervisor({ home, bus, graceMs: 500 });
});

afterEach(async () => {
  await supervisor.dispose({ graceMs: 200 });
  expect(await descendants()).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

function nextExit(): Promise<ProcessExitEvent & { at: number }> {
  return new Promise((resolve) => {
    const off = supervisor.onExit((e) => {
      off();
      resolve({ ...e, at: Date.now() });
    });
  });
}

describe('ProcessSupervisor', () => {
  it('detects an app process that crashes on its own within 1 s and clears the app state', async () => {
    const statuses: RunStatusEvent[] = [];
    const apps: AppStatusEvent[] = [];
    bus.on('run:status', (e) => statuses.push(e));
    bus.on('app:status', (e) => apps.push(e));
    const exit = nextExit();
    const entry = supervisor.start({
      app: 'demo',
      runId: 'r1',
      script: 'start.js',
      spec: bash('echo serving; sleep 0.3; echo "boom: out of memory"; exit 3'),
    });
    let diedAt = 0;
    entry.onData((d) => {
      if (d.includes('boom')) diedAt = Date.now();
    });
    const event = await exit;
    expect(event.status).toBe('crashed');
    expect(event.exitCode).toBe(3);
    expect(event.at - diedAt).toBeLessThan(1000);
    expect(event.lastLines.join('\n')).toContain('boom: out of memory');
    expect(entry.state).toBe('crashed');
    expect(statuses).toEqual([
      expect.objectContaining({
        runId: 'r1',
        app: 'demo',
        status: 'crashed',
        error: expect.objectContaining({
          lastLines: expect.arrayContaining(['boom: out of memory']),
        }),
      }),
    ]);
    expect(apps).toEqual([
      expect.objectContaining({ name: 'demo', state: 'failed', url: null, port: null }),
    ]);
  });

  it('marks a clean exit as exited', async () => {
    const exit = nextExit();
    const entry = supervisor.start({ app: 'demo', runId: 'r1', spec: bash('echo done') });
    expect((await exit).status).toBe('exited');
    expect(entry.state).toBe('exited');
  });

  it('stops every process of an app, including a grandchild in its own process group', async () => {
    const a = supervisor.start({
      app: 'demo',
      runId: 'r1',
      spec: bash('setsid sleep 300 & sleep 300'),
    });
    const b = supervisor.start({
      app: 'demo',
      runId: 'r2',
      spec: bash('sleep 300'),
      persist: false,
    });
    const other = supervisor.start({ app: 'other', runId: 'r3', spec: bash('sleep 300') });
    await waitFor(async () => (await descendants()).length >= 5, 'all sleeps to start');
    const exits: ProcessExitEvent[] = [];
    supervisor.onExit((e) => exits.push(e));
    await supervisor.stopApp('demo');
    expect([a.state, b.state, other.state]).toEqual(['stopped', 'stopped', 'running']);
    expect(exits.map((e) => e.status)).toEqual(['stopped', 'stopped']);
    const left = (await descendants()).sort((x, y) => x - y);
    expect(left).toEqual([other.pid!, ...(await descendants(other.pid!))].sort((x, y) => x - y));
    await supervisor.stop(other.id);
    expect(await descendants()).toEqual([]);
  });

  it('releases the reserved port when the app ends for good', async () => {
    const ports = new PortPool({ from: 43100, to: 43110 });
    const sup = new ProcessSupervisor({ ports, graceMs: 200 });
    const port = await ports.reserve('demo');
    const entry = sup.start({ app: 'demo', runId: 'r1', port, spec: bash('exit 0') });
    await waitFor(() => entry.state === 'exited', 'exit');
    expect(ports.list()).toEqual([]);
    await sup.dispose();
  });
});
