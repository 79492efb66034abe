// Every process is recorded before it runs: its record (with its token) is on disk at its first instruction, and a
// server killed between the record and the spawn's completion leaves nothing running after a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../lib/engine/events';
import { homeLayout, writeJsonAtomic, type HomeLayout } from '../../../../lib/engine/home';
import { ProcessRecords } from '../../../../lib/engine/processes/process-records';
import { ProcessSupervisor } from '../../../../lib/engine/processes/supervisor';
import { TerminalManager } from '../../../../lib/engine/terminals/terminal-manager';
import { alive, marked, underHome, waitFor } from '../../../helpers/processes';

let dir: string;
let home: HomeLayout;
let supervisor: ProcessSupervisor | null = null;
let server: ChildProcess | null = null;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-records-'));
  home = homeLayout(dir);
});

afterEach(async () => {
  server?.kill('SIGKILL');
  server = null;
  await supervisor?.dispose({ graceMs: 200 });
  supervisor = null;
  // Whatever a failed test left under this home is ended here, so it cannot leak into the next one.
  for (const pid of await underHome(dir)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function recordFile(): Promise<{ processes: { token: string }[]; pending: unknown[] }> {
  return JSON.parse(await readFile(path.join(home.state, 'processes.json'), 'utf8')) as {
    processes: { token: string }[];
    pending: unknown[];
  };
}

/** A command that looks for its own token in the record file at its first instruction. */
function selfCheck(): string {
  const file = path.join(home.state, 'processes.json');
  return `if grep -q "\\"token\\": \\"$HANGAR_PROC\\"" '${file}'; then echo RECORD-FOUND; else echo RECORD-MISSING; fi`;
}

function collect(proc: { onData(l: (d: string) => void): () => void }): () => string {
  let out = '';
  proc.onData((d) => (out += d));
  return () => out;
}

describe('a record on disk before the first instruction', () => {
  it('holds for an app step (under its keeper), an app-less step and a pipe step', async () => {
    supervisor = new ProcessSupervisor({ home, graceMs: 200 });
    const specs = [
      { app: 'demo', pty: true },
      { app: null, pty: true },
      { app: 'demo', pty: false },
    ];
    for (const [i, { app, pty }] of specs.entries()) {
      const entry = supervisor.start({
        app,
        runId: `run-${i}`,
        announce: false,
        spec: {
          file: 'bash',
          args: ['--noprofile', '--norc', '-c', selfCheck()],
          cwd: dir,
          env,
          pty,
        },
      });
      const output = collect(entry);
      await waitFor(() => entry.state !== 'running', `step ${i} to end`, 10_000);
      expect(output(), `step ${i}`).toContain('RECORD-FOUND');
      expect(output(), `step ${i}`).not.toContain('RECORD-MISSING');
    }
    // Each record goes once its whole tree is gone.
    await waitFor(async () => (await recordFile()).processes.length === 0, 'the records to go');
    expect((await recordFile()).pending).toEqual([]);
  });

  it('holds for a terminal, whose record goes when its shell exits', async () => {
    const records = new ProcessRecords(home.state);
    const bus = new EventBus();
    const terminals = new TerminalManager({
      bus,
      shell: { file: 'bash', args: ['--noprofile', '--norc', '-c', `${selfCheck()}; read line`] },
      env,
      records,
    });
    let out = '';
    bus.on('terminal:data', (e) => (out += e.data));
    const { id } = terminals.open({ cwd: dir });
    await waitFor(() => out.includes('RECORD-'), 'the shell to check its record');
    expect(out).toContain('RECORD-FOUND');
    const file = await recordFile();
    expect(file.processes).toEqual([
      expect.objectContaining({ id, kind: 'terminal', runId: `terminal:${id}` }),
    ]);
    const exited = new Promise((r) => bus.on('terminal:exit', r));
    terminals.write(id, 'bye\n');
    await exited;
    expect(await recordFile()).toMatchObject({ processes: [], pending: [] });
    await terminals.dispose();
  });

  it('refuses to start a process whose record cannot be written', async () => {
    // The state folder is a file: no record can be written there, so nothing may run.
    await writeJsonAtomic(path.join(dir, 'not-a-folder'), {});
    supervisor = new ProcessSupervisor({
      home: { ...home, state: path.join(dir, 'not-a-folder') },
      graceMs: 200,
    });
    const marker = path.join(dir, 'ran');
    expect(() =>
      supervisor!.start({
        app: 'demo',
        runId: 'r',
        spec: { file: 'touch', args: [marker], cwd: dir, env },
      }),
    ).toThrow(/not-a-folder/);
    await new Promise((r) => setTimeout(r, 200));
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });
});

describe('a server killed between record and spawn', () => {
  it('ends, at restart, a tree that only a pending record names (no owner marker, no pid on disk)', async () => {
    const token = 'pending-token-1';
    // What a kill -9 right after the spawn leaves: a pending record, and a detached tree carrying its token.
    await writeJsonAtomic(path.join(home.state, 'processes.json'), {
      version: 1,
      processes: [],
      pending: [
        {
          id: 'install-step',
          kind: 'step',
          app: 'demo',
          runId: 'install-1',
          script: 'install.js',
          token,
          command: 'bash -c …',
          cwd: dir,
          startedAt: Date.now(),
        },
      ],
    });
    const tree = spawn(
      'setsid',
      [
        'bash',
        '--noprofile',
        '--norc',
        '-c',
        'setsid nohup sleep 300 >/dev/null 2>&1 & exec sleep 300',
      ],
      {
        cwd: dir,
        env: { ...process.env, ...env, HANGAR_PROC: token },
        detached: true,
        stdio: 'ignore',
      },
    );
    tree.unref();
    await waitFor(async () => (await marked([token])).length === 2, 'the tree to start');
    const pids = await marked([token]);

    supervisor = new ProcessSupervisor({ home, graceMs: 300 });
    const reports = await supervisor.recover('adopt');
    expect(reports).toEqual([
      expect.objectContaining({ outcome: 'unfinished', killed: expect.arrayContaining(pids) }),
    ]);
    expect(await marked([token])).toEqual([]);
    expect(await recordFile()).toMatchObject({ processes: [], pending: [] });
  });

  it('leaves 0 processes after a restart when a step kills the server at its first instruction', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'server-killed-by-step.ts');
    server = spawn(process.execPath, ['--import', 'tsx', fixture, dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise((r) => server!.once('exit', (_c, sig) => r(sig)));
    server = null;
    expect(code).toBe('SIGKILL');
    // The step's processes outlived the server (its keeper and a setsid grandchild).
    await waitFor(async () => (await underHome(dir)).length >= 2, 'the orphans to show');
    const file = await recordFile();
    const tokens = [
      ...file.processes.map((p) => p.token),
      ...(file.pending as { token: string }[]).map((p) => p.token),
    ];
    expect(tokens).toHaveLength(1);

    supervisor = new ProcessSupervisor({ home, graceMs: 300 });
    await supervisor.recover('adopt');
    expect(await underHome(dir)).toEqual([]);
    expect(await marked(tokens)).toEqual([]);
    expect(await recordFile()).toMatchObject({ processes: [], pending: [] });
  });
});
