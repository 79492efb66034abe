// A browser terminal across a Hangar crash (kill -9): under its keeper it is adopted with its id, screen, input and
// resize; in a plain pty it is ended with its jobs and its record. Either way nothing is left orphaned.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { homeLayout, type HomeLayout } from '../../../../lib/engine/home';
import type { ProcessRecord } from '../../../../lib/engine/processes/process-records';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { TerminalManager } from '../../../../lib/engine/terminals/terminal-manager';
import { alive, underHome, waitFor } from '../../../helpers/processes';

const fixture = path.join(__dirname, 'fixtures', 'server-with-terminal.ts');
let dir: string;
let home: HomeLayout;
let server: ChildProcess | null = null;
let supervisor: ProcessSupervisor | null = null;
let terminals: TerminalManager | null = null;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-term-restart-'));
  home = homeLayout(dir);
});

afterEach(async () => {
  server?.kill('SIGKILL');
  server = null;
  await terminals?.dispose();
  terminals = null;
  await supervisor?.dispose({ graceMs: 200 });
  supervisor = null;
  for (const pid of await underHome(dir)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Starts the stand-in server, waits for its terminal's command, kills the server with SIGKILL; returns the id. */
async function crashServerWithTerminal(mode: 'keeper' | 'pty'): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', fixture, dir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /terminal (\S+)/.test(out), 'the terminal to run its command', 15_000);
  const id = /terminal (\S+)/.exec(out)![1]!;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGKILL');
  await exited;
  server = null;
  return id;
}

async function records(): Promise<ProcessRecord[]> {
  const text = await readFile(path.join(home.state, 'processes.json'), 'utf8');
  return (JSON.parse(text) as { processes: ProcessRecord[] }).processes;
}

function manager(bus: EventBus, keeper: boolean): TerminalManager {
  return new TerminalManager({
    bus,
    records: supervisor!.records,
    ...(keeper ? { keepIn: path.join(home.state, 'procs') } : {}),
  });
}

describe('a terminal across a Hangar crash', () => {
  it('is adopted under its keeper: same id, its screen, input and resize work, and closing leaves 0 processes', async () => {
    const id = await crashServerWithTerminal('keeper');
    const [shellRecord] = await records();
    expect(shellRecord).toMatchObject({ id, kind: 'terminal', keeper: expect.any(Object) });
    expect(alive(shellRecord!.pid), 'the shell survived the crash').toBe(true);

    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('adopt');
    expect(reports.map((r) => [r.outcome, r.record.id])).toEqual([['adopted', id]]);
    const bus = new EventBus();
    terminals = manager(bus, true);
    await terminals.adopt(reports.flatMap((r) => (r.outcome === 'adopted' ? [r.record] : [])));
    expect(terminals.list().map((t) => t.id)).toEqual([id]);
    expect((await terminals.snapshot(id)).data).toContain('before-21');

    let out = '';
    bus.on('terminal:data', (e) => (out += e.data));
    terminals.write(id, 'echo after-$((1+1))\n');
    await waitFor(() => out.includes('after-2'), 'the adopted shell to answer');
    terminals.resize(id, 120, 40);
    await waitFor(async () => {
      out = '';
      terminals!.write(id, 'stty size\n');
      await new Promise((r) => setTimeout(r, 100));
      return out.includes('40 120');
    }, 'the resize to reach the shell');
    expect(await records()).toEqual([expect.objectContaining({ id, token: shellRecord!.token })]);

    const exited = new Promise((r) => bus.on('terminal:exit', r));
    await terminals.close(id);
    await exited;
    await waitFor(async () => (await underHome(dir)).length === 0, '0 processes under the home');
    expect(await records()).toEqual([]);
    expect(await readdir(path.join(home.state, 'procs'))).toEqual([]);
  });

  it('in a plain pty it is ended with its nohup job, and its record goes', async () => {
    const id = await crashServerWithTerminal('pty');
    expect((await records()).map((r) => r.id)).toEqual([id]);
    expect((await underHome(dir)).length, 'the nohup job outlived the server').toBeGreaterThan(0);

    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('adopt');
    expect(reports.map((r) => r.outcome)).not.toContain('adopted');
    expect(await underHome(dir)).toEqual([]);
    expect(await records()).toEqual([]);
  });

  it('is ended, not adopted, when the restart stops what the previous Hangar left', async () => {
    await crashServerWithTerminal('keeper');
    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('stop');
    expect(reports.map((r) => r.outcome)).toEqual(['stopped']);
    expect(await underHome(dir)).toEqual([]);
    expect(await records()).toEqual([]);
  });

  it('is let go by a graceful stop that keeps apps running, and adopted by the next Hangar', async () => {
    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const bus = new EventBus();
    const first = new TerminalManager({
      bus,
      shell: { file: 'bash', args: ['--noprofile', '--norc', '-i'] },
      env: { PATH: process.env.PATH ?? '', PS1: '$ ', HOME: os.tmpdir() },
      owner: supervisor.ownerEnv,
      records: supervisor.records,
      keepIn: path.join(home.state, 'procs'),
    });
    const { id } = first.open({ cwd: dir });
    let out = '';
    bus.on('terminal:data', (e) => (out += e.data));
    first.write(id, 'echo kept-$((3*3))\n');
    await waitFor(() => out.includes('kept-9'), 'the shell to answer');
    await first.dispose({ keep: true });
    await supervisor.dispose({ keepDaemons: true });
    const [record] = await records();
    expect(record).toMatchObject({ id, kind: 'terminal' });
    expect(alive(record!.pid), 'the shell outlived the graceful stop').toBe(true);

    supervisor = new ProcessSupervisor({ home, graceMs: 500 });
    const reports = await supervisor.recover('adopt');
    terminals = manager(bus, true);
    await terminals.adopt(reports.flatMap((r) => (r.outcome === 'adopted' ? [r.record] : [])));
    expect((await terminals.snapshot(id)).data).toContain('kept-9');
    out = '';
    terminals.write(id, 'exit\n');
    await new Promise((r) => bus.on('terminal:exit', r));
    await waitFor(async () => (await underHome(dir)).length === 0, '0 processes under the home');
    expect(await records()).toEqual([]);
  });
});
