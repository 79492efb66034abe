import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startTestServer, type TestServer } from '../../../helpers/server';
import { started } from '../../../helpers/rpc';

let server: TestServer;
let launcher: string;
beforeAll(async () => {
  server = await startTestServer();
  launcher = await mkdtemp(path.join(os.tmpdir(), 'hangar-full-disk-'));
  await mkdir(launcher, { recursive: true });
  await writeFile(
    path.join(launcher, 'pinokio.js'),
    "module.exports = { title: 'Full disk', menu: [{ text: 'Install', href: 'install.json' }] }\n",
  );
  const fail = `node -e "console.error('OSError: [Errno 28] No space left on device'); process.exit(1)"`;
  await writeFile(
    path.join(launcher, 'install.json'),
    JSON.stringify({ run: [{ method: 'shell.run', params: { message: fail } }] }),
  );
});
afterAll(async () => {
  await server?.stop();
  if (launcher) await rm(launcher, { recursive: true, force: true });
});

function hangar(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'server/bin/hangar.mjs'), ...args],
      { cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('diagnosis through the API and the CLI', () => {
  it('attaches a plain-language diagnosis to a failed run, visible in runs.get', async () => {
    const { runId } = started(
      await server.rpc('apps.install', { source: launcher, name: 'full-disk' }),
    );
    let run: {
      status: string;
      error: { diagnosis?: { id: string; explanation: string; nextStep: string } } | null;
    } | null = null;
    for (let i = 0; i < 200; i++) {
      run = await server.rpc('runs.get', { runId });
      if (run!.status !== 'running' && run!.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run!.status).toBe('failed');
    expect(run!.error?.diagnosis).toMatchObject({ id: 'disk_full' });
    expect(run!.error!.diagnosis!.nextStep).toContain(server.home);
  });

  it('hangar doctor --json reports tools, GPUs, the home disk and the recent failure', async () => {
    const result = await hangar('doctor', '--url', server.url, '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.home.path).toBe(server.home);
    expect(report.home.freeBytes).toBeGreaterThan(0);
    expect(report.tools.find((t: { id: string }) => t.id === 'git')).toMatchObject({
      found: true,
      version: expect.stringMatching(/^\d+\./),
    });
    expect(Array.isArray(report.gpus)).toBe(true);
    expect(report.recentFailures).toEqual([
      expect.objectContaining({
        app: 'full-disk',
        diagnosis: expect.objectContaining({ id: 'disk_full' }),
      }),
    ]);
    expect(report.problems.join('\n')).toContain('full-disk failed');
  });

  it('hangar doctor prints the report as text', async () => {
    const result = await hangar('doctor', '--url', server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Tools\n {2}ok +Git/);
    expect(result.stdout).toContain('Next: Free disk space');
  });

  it('system.tools and system.diagnostics answer over JSON-RPC', async () => {
    const tools = await server.rpc('system.tools', { refresh: true });
    expect(tools.tools.find((t) => t.id === 'node')?.found).toBe(true);
    const bundle = await server.rpc('system.diagnostics', {
      app: 'full-disk',
    });
    expect(path.dirname(bundle.file)).toBe(path.join(server.home, 'logs'));
    expect(existsSync(bundle.file)).toBe(true);
    expect(bundle.entries).toContain('doctor.json');
    expect(bundle.entries.some((e) => e.startsWith('apps/full-disk/logs/'))).toBe(true);
  });
});
