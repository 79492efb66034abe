// Spawning: pty and pipe modes, exit codes, and no lost output at exit even when the event loop is busy.
import { afterEach, describe, expect, it } from 'vitest';
import { DrainFilter, DRAIN_MARKER } from '../../../../lib/engine/processes/pty-drain';
import { spawnProcess, type SpawnedProcess } from '../../../../lib/engine/processes/spawn';
import { descendants } from '../../../helpers/processes';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const started: SpawnedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop({ graceMs: 200 })));
  expect(await descendants()).toEqual([]);
});

function collect(proc: SpawnedProcess, slowMs = 0): () => string {
  let out = '';
  proc.onData((d) => {
    out += d;
    const until = Date.now() + slowMs;
    while (Date.now() < until);
  });
  return () => out;
}

describe('spawnProcess', () => {
  it('delivers every line of a fast writer that exits at once, to a slow reader, in drain mode', async () => {
    const proc = spawnProcess({
      file: 'bash',
      args: ['seq 1 100000; exit 7'],
      drain: true,
      cwd: process.cwd(),
      env,
    });
    started.push(proc);
    const out = collect(proc, 2);
    const exit = await proc.exited;
    expect(exit.exitCode).toBe(7);
    const lines = out().split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toEqual(Array.from({ length: 100000 }, (_, i) => String(i + 1)));
    expect(out()).not.toContain('\x1b]');
  });

  it('runs with pipes too, merging stdout and stderr, and reports the exit code', async () => {
    const proc = spawnProcess({
      file: 'bash',
      args: ['-c', 'echo out; echo err >&2; exit 5'],
      pty: false,
      cwd: process.cwd(),
      env,
    });
    started.push(proc);
    const out = collect(proc);
    expect(await proc.exited).toEqual({ exitCode: 5, signal: null });
    expect(out()).toContain('out\n');
    expect(out()).toContain('err\n');
  });

  it('fails with missing_tool when the executable does not exist (pipe mode)', () => {
    expect(() =>
      spawnProcess({ file: 'no-such-tool-hangar', pty: false, cwd: process.cwd(), env }),
    ).toThrow(expect.objectContaining({ code: 'missing_tool' }));
  });
});

describe('DrainFilter', () => {
  it('removes the marker even when it is split across chunks', () => {
    const filter = new DrainFilter();
    const half = Math.floor(DRAIN_MARKER.length / 2);
    expect(filter.push(`tail\r\n${DRAIN_MARKER.slice(0, half)}`)).toBe('tail\r\n');
    expect(filter.seen).toBe(false);
    expect(filter.push(DRAIN_MARKER.slice(half))).toBe('');
    expect(filter.seen).toBe(true);
    expect(new DrainFilter().push('a\x1b]0;title\x07')).toBe('a\x1b]0;title\x07');
  });
});
