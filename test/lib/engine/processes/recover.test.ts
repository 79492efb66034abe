// After `kill -9` of the server, a restarted supervisor re-adopts or stops the app it left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homeLayout, writeJsonAtomic, type HomeLayout } from '../../../../lib/engine/home';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { spawnProcess } from '../../../../lib/engine/processes/spawn';
import { readProc } from '../../../../lib/engine/processes/proc-table';
import { killTree } from '../../../../lib/engine/processes/kill-tree';
import { alive, descendants, waitFor } from '../../../helpers/processes';

const fixture = path.join(__dirname, 'fixtures', 'server-with-app.ts');
let dir: string;
let home: HomeLayout;
let server: ChildProcess | null = null;
let supervisor: ProcessSupervisor | null = null;
const leftovers: number[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-recover-'));
  home = homeLayout(dir);
});

afterEach(async () => {
  server?.kill('SIGKILL');
  server = null;
  await supervisor?.dispose({ graceMs: 200 });
  supervisor = null;
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  // Also whatever the stand-in server recorded, in case a test failed before it learned the pid.
  const records = await recordFile().catch(() => ({ processes: [] as Array<{ token: string }> }));
  for (const rec of records.processes as Array<{ token: string }>)
    await killTree({ pid: -1, marker: `HANGAR_PROC=${rec.token}` }, { graceMs: 200 });
  await waitFor(async () => (await descendants()).length === 0, 'no process left', 3000);
  await rm(dir, { recursive: true, force: true });
});

/** Starts the stand-in server, waits for its app, then kills the server with SIGKILL. Returns the app pid. */
async function crashServerLeavingApp(): Promise<number> {
  server = spawn(process.execPath, ['--import', 'tsx', fixture, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /app-pid (\d+)/.test(out), 'the app to be recorded', 15_000);
  const pid = Number(/app-pid (\d+)/.exec(out)![1]);
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGKILL');
  await exited;
  server = null;
  leftovers.push(pid);
  await new Promise((r) => setTimeout(r, 100));
  expect(alive(pid), 'the app survived the server crash (its keeper owns its terminal)').toBe(true);
  return pid;
}

async function recordFile(): Promise<{ processes: unknown[] }> {
  return JSON.parse(await readFile(path.join(home.state, 'processes.json'), 'utf8')) as {
    processes: unknown[];
  };
}

describe('recovery after a server crash', () => {
  it('re-adopts a live app it can verify, reports it running, and can stop it', async () => {
    const pid = await crashServerLeavingApp();
    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('adopt');
    expect(
      reports.map((r) => [
        r.outcome,
        'pid' in r.record ? r.record.pid : null,
        'port' in r.record ? r.record.port : null,
      ]),
    ).toEqual([['adopted', pid, 42123]]);
    const [entry] = supervisor.list({ app: 'demo' });
    expect(entry?.summary()).toMatchObject({ state: 'running', pid, port: 42123, runId: 'run-1' });
    expect(entry?.daemon).toBe(true);
    expect((await recordFile()).processes).toHaveLength(1);
    await supervisor.stopApp('demo');
    expect(alive(pid)).toBe(false);
    expect((await recordFile()).processes).toEqual([]);
  });

  it('notices within 1 s when an adopted app exits', async () => {
    const pid = await crashServerLeavingApp();
    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    await supervisor.recover('adopt');
    const exit = new Promise<number>((resolve) => supervisor!.onExit(() => resolve(Date.now())));
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    expect((await exit) - killedAt).toBeLessThan(1000);
    // Killed outright, its keeper wrote no exit status: an app daemon that ends like that has crashed.
    expect(supervisor.list({ app: 'demo' })[0]?.state).toBe('crashed');
  });

  it('stops the leftover app when told not to adopt, so no second copy can appear', async () => {
    const pid = await crashServerLeavingApp();
    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('stop');
    expect(reports.map((r) => r.outcome)).toEqual(['stopped']);
    // The keeper ends by itself once its command is gone; the command is what was signalled.
    expect(reports[0]!.killed.length).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
    expect(supervisor.list()).toEqual([]);
    expect((await recordFile()).processes).toEqual([]);
  });

  it('never touches a process whose pid was reused by someone else', async () => {
    const stranger = spawnProcess(
      { file: 'sleep', args: ['300'], cwd: dir, env: { PATH: process.env.PATH ?? '' } },
      'stranger',
    );
    leftovers.push(stranger.pid);
    await waitFor(async () => (await readProc(stranger.pid)) !== null, 'the stranger to start');
    const info = await readProc(stranger.pid);
    await writeJsonAtomic(path.join(home.state, 'processes.json'), {
      version: 1,
      processes: [
        {
          id: 'x',
          app: 'demo',
          runId: 'r',
          script: 's',
          pid: stranger.pid,
          pgid: stranger.pid,
          sid: stranger.pid,
          startTime: info!.startTime,
          token: 'not-the-stranger',
          port: null,
          command: 'sleep',
          cwd: dir,
          startedAt: 0,
        },
      ],
    });
    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('adopt');
    expect(reports.map((r) => r.outcome)).toEqual(['gone']);
    expect(alive(stranger.pid)).toBe(true);
    expect(supervisor.list()).toEqual([]);
    await stranger.stop({ graceMs: 200 });
  });
});
