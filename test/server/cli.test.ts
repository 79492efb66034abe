import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { repoRoot, startTestServer, type TestServer } from '../helpers/server';
import { fetchApp } from '../helpers/app-origin';

let server: TestServer;
let repo: TempRepo;
beforeAll(async () => {
  server = await startTestServer();
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
});
afterAll(async () => {
  await server?.stop();
  await repo?.remove();
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

describe('the hangar CLI against a running server', () => {
  it('install --json follows the install to the end and reports the app installed', async () => {
    const result = await hangar('install', repo.dir, '--url', server.url, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'hello-app',
      status: 'finished',
      state: 'installed',
    });
  });

  it('start --json waits until the app answers, and the proxy serves it', async () => {
    const result = await hangar('start', 'hello-app', '--url', server.url, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      url: '/apps/hello-app/',
      port: expect.any(Number),
    });
    expect(await (await fetchApp(server.port, 'hello-app', `/`)).text()).toContain(
      'Hello from hello-app',
    );
  });

  it('ps --json lists the running app', async () => {
    const result = await hangar('ps', '--url', server.url, '--json');
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ name: 'hello-app', state: 'running', url: '/apps/hello-app/' }),
    ]);
  });

  it('logs prints the latest run of an app', async () => {
    const result = await hangar('logs', 'hello-app', '--url', server.url);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Hello app listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('stop --json stops it', async () => {
    const result = await hangar('stop', 'hello-app', '--url', server.url, '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'hello-app', state: 'stopped' });
  });

  it('info --json prints system.info', async () => {
    const result = await hangar('info', '--url', server.url, '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ home: server.home });
  });

  it('reports application errors with exit code 1 and the stable code in --json', async () => {
    const result = await hangar('start', 'nope', '--url', server.url, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'app_not_found' } });
  });

  it('exits 3 with a hint when no Hangar is reachable', async () => {
    const result = await hangar('ps', '--url', 'http://127.0.0.1:9');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot reach Hangar');
  });

  it('exits 2 on usage errors', async () => {
    expect((await hangar('start')).code).toBe(2);
    expect((await hangar('frobnicate')).code).toBe(2);
  });

  it('check --json reports a launcher ok without a server', async () => {
    const result = await hangar(
      'check',
      path.resolve(__dirname, '../fixtures/launchers/hello-app'),
      '--json',
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
  });
});
