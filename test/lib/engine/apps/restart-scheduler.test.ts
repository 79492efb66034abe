// The one restart policy (on-failure): backoff that doubles up to a cap, giving up, cancelling, and a reset after a healthy run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RestartScheduler } from '../../../../lib/engine/apps/restart-scheduler';
import { homeLayout } from '../../../../lib/engine/home';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { descendants, waitFor } from '../../../helpers/processes';

let dir: string;
let supervisor: ProcessSupervisor;
let scheduler: RestartScheduler | null = null;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-restarts-'));
  supervisor = new ProcessSupervisor({ home: homeLayout(dir), graceMs: 500, announce: false });
});

afterEach(async () => {
  scheduler?.dispose();
  scheduler = null;
  await supervisor.dispose({ graceMs: 200 });
  expect(await descendants()).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

/** An app that crashes at once, restarted by the scheduler as the app manager does on each crash. */
function crashingApp(options: ConstructorParameters<typeof RestartScheduler>[0]) {
  const sched = new RestartScheduler(options);
  scheduler = sched;
  const delays: Array<number | null> = [];
  const crashes: number[] = [];
  let gaveUp = false;
  const start = async (): Promise<void> => {
    sched.started('demo');
    supervisor.start({ app: 'demo', runId: `r${crashes.length}`, spec: crash(), persist: false });
  };
  const crash = () => ({ file: 'bash', args: ['-c', 'exit 1'], cwd: dir, env });
  supervisor.onExit((event) => {
    if (event.status !== 'crashed') return;
    crashes.push(Date.now());
    const delay = sched.schedule('demo', start);
    delays.push(delay);
    if (delay === null) gaveUp = true;
  });
  return { start, delays, crashes, gaveUp: () => gaveUp, scheduler: sched };
}

describe('RestartScheduler', () => {
  it('restarts a crashing app with growing backoff up to the cap, then gives up', async () => {
    const app = crashingApp({ baseDelayMs: 100, maxRestarts: 3 });
    await app.start();
    await waitFor(() => app.gaveUp(), 'the policy to give up', 5000);
    expect(app.delays).toEqual([100, 200, 400, null]);
    const gaps = app.crashes.slice(1).map((at, i) => at - app.crashes[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
  });

  it('caps the delay at maxDelayMs', () => {
    scheduler = new RestartScheduler({ baseDelayMs: 1000, maxDelayMs: 1500, maxRestarts: 5 });
    scheduler.started('demo');
    const delays = [1, 2, 3].map(() => scheduler!.schedule('demo', async () => undefined));
    expect(delays).toEqual([1000, 1500, 1500]);
  });

  it('cancels a pending restart when the app is stopped', async () => {
    const app = crashingApp({ baseDelayMs: 300 });
    await app.start();
    await waitFor(() => app.delays.length === 1, 'the restart to be scheduled');
    app.scheduler.cancel('demo');
    const runs = supervisor.list({ app: 'demo' }).length;
    // The cancelled restart would have started a second process 300 ms after the crash.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(supervisor.list({ app: 'demo' })).toHaveLength(runs);
    expect(app.crashes).toHaveLength(1);
  });

  it('starts the count over after a run longer than resetAfterMs', async () => {
    scheduler = new RestartScheduler({ baseDelayMs: 1000, maxRestarts: 1, resetAfterMs: 20 });
    scheduler.started('demo');
    expect(scheduler.schedule('demo', async () => undefined)).toBe(1000);
    scheduler.started('demo');
    expect(scheduler.schedule('demo', async () => undefined)).toBeNull();
    scheduler.started('demo');
    // A healthy run: longer than resetAfterMs before it crashes.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(scheduler.schedule('demo', async () => undefined)).toBe(1000);
  });
});
