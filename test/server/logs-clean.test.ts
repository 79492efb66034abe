// Plain-text views of a run's log read cleanly: pip's recorded progress bar, replayed through a real pty, is one
// line in a failure's last lines and in `hangar logs`, and a carriage-return percentage keeps its last state.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../lib/engine/processes/log-ring';
import { git } from '../helpers/git-repo';
import { waitFor } from '../helpers/processes';
import { started } from '../helpers/rpc';
import { repoRoot, startTestServer, type TestServer } from '../helpers/server';

const PIP_SAMPLE = path.join(repoRoot, 'test/fixtures/log-samples/pip-download.raw');
let server: TestServer;
let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'hangar-logs-clean-'));
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

function hangar(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'server/bin/hangar.mjs'), ...args],
      { cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('clean plain-text logs', () => {
  it('collapse progress bars in the failure tail and in hangar logs', async () => {
    const dir = path.join(parent, 'noisy-app');
    await mkdir(dir);
    const percent =
      "for (const p of [10, 100]) process.stdout.write('\\\\rdownloading ' + p + '%'); console.log(); process.exit(3)";
    await writeFile(
      path.join(dir, 'install.json'),
      JSON.stringify({
        run: [
          { method: 'shell.run', params: { message: `cat ${JSON.stringify(PIP_SAMPLE)}` } },
          { method: 'shell.run', params: { message: `node -e "${percent}"` } },
        ],
      }),
    );
    await writeFile(path.join(dir, 'pinokio.js'), "module.exports = { title: 'Noisy' };\n");
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');

    const { runId } = started(await server.rpc('apps.install', { source: dir, name: 'noisy' }));
    await waitFor(
      async () => (await server.rpc('runs.get', { runId })).status === 'failed',
      'the install to fail at its second step',
      60_000,
    );
    const lastLines = (await server.rpc('runs.get', { runId })).error?.lastLines ?? [];
    expect(lastLines.filter((l) => l.includes('/30.0 MB'))).toHaveLength(1);
    expect(lastLines).toContain('downloading 100%');
    expect(lastLines.join('\n')).not.toContain('downloading 10%');

    const logs = await hangar('logs', 'noisy', '--url', server.url);
    expect(logs.stderr).toBe('');
    expect(logs.stdout).not.toContain('\r');
    const lines = stripAnsi(logs.stdout).split('\n');
    expect(lines.filter((l) => l.includes('/30.0 MB'))).toEqual([
      expect.stringMatching(/30\.0\/30\.0 MB/),
    ]);
    expect(lines).toContain('downloading 100%');
    expect(lines.join('\n')).not.toContain('downloading 10%');
  }, 120_000);
});
