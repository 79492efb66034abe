// Fault drill: SIGTERM to a production Hangar whose app ignores SIGTERM. Hangar waits the app's grace, kills the
// whole tree, exits 0, leaves no process under its home, and the next start tells the truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { expectDrillInvariants, expectStatesMatchProcesses, ownedBy } from './invariants';

// The fixture app, changed to ignore SIGTERM and to leave a detached grandchild (setsid, as nohup'd helpers do).
const STUBBORN = `const http = require('node:http');
const { spawn } = require('node:child_process');
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
spawn('setsid', ['sleep', '600'], { stdio: 'ignore', detached: true }).unref();
const server = http.createServer((req, res) => res.end('stubborn'));
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log('Stubborn on http://127.0.0.1:' + server.address().port));
`;

const GRACE_MS = 1500;
let repo: TempRepo;
let home: string;

beforeAll(async () => {
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(repo.dir, 'app/server.js'), STUBBORN);
  repo.commit('a server that ignores SIGTERM');
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-term-'));
  await writeTestConfig(home, { stopTimeoutMs: GRACE_MS });
});
afterAll(async () => {
  await repo?.remove();
  await rm(home, { recursive: true, force: true });
});

/** Installs the stubborn app on `server`, waits for the install, and starts it. */
async function installAndStart(server: ServerProcess) {
  await server.rpc('apps.install', { source: repo.dir });
  await waitFor(
    async () => (await server.rpc('apps.get', { name: 'hello-app' })).state === 'installed',
    'the install',
    30_000,
  );
  return server.rpc('apps.start', { name: 'hello-app' });
}

describe('SIGTERM with an app that ignores SIGTERM', () => {
  it('waits the grace, kills the whole tree, exits 0, and the restarted Hangar says stopped', async () => {
    const server = await spawnServer({ home });
    const started = await installAndStart(server);
    expect((await ownedBy(home)).length).toBeGreaterThan(0);
    await expectStatesMatchProcesses(server.url, home);

    const t0 = Date.now();
    const code = await server.stop('SIGTERM');
    const tookMs = Date.now() - t0;
    expect(code, server.output()).toBe(0);
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS - 100);
    await expectDrillInvariants({ home });
    const port = await fetch(`http://127.0.0.1:${started.port}/`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(port).toBe('refused');
    const apps = JSON.parse(await readFile(path.join(home, 'cache/state/apps.json'), 'utf8'));
    expect(JSON.stringify(apps)).toContain('"state":"stopped"');
    console.log(
      JSON.stringify({ drill: 'sigterm-ignored', graceMs: GRACE_MS, shutdownMs: tookMs, left: 0 }),
    );

    const again = await spawnServer({ home });
    try {
      const app = await again.rpc('apps.get', { name: 'hello-app' });
      expect(app.state).toBe('stopped');
      expect(app.error).toBeNull();
      await expectDrillInvariants({ home, url: again.url, afterStop: () => again.stop() });
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('with stopAppsOnExit false, a graceful stop leaves the app running and the next Hangar adopts it', async () => {
    const keepHome = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-keep-'));
    try {
      await writeTestConfig(keepHome, { stopTimeoutMs: GRACE_MS, stopAppsOnExit: false });
      const server = await spawnServer({ home: keepHome });
      const started = await installAndStart(server);
      expect(await server.stop('SIGTERM'), server.output()).toBe(0);
      expect(await (await fetch(`http://127.0.0.1:${started.port}/`)).text()).toBe('stubborn');

      const again = await spawnServer({ home: keepHome });
      try {
        expect(await again.rpc('apps.get', { name: 'hello-app' })).toMatchObject({
          state: 'running',
          port: started.port,
          error: null,
        });
        await expectStatesMatchProcesses(again.url, keepHome);
        await again.rpc('apps.stop', { name: 'hello-app' });
        await expectDrillInvariants({
          home: keepHome,
          url: again.url,
          afterStop: () => again.stop(),
        });
      } finally {
        await again.stop();
      }
    } finally {
      for (const p of await ownedBy(keepHome)) process.kill(p.pid, 'SIGKILL');
      await rm(keepHome, { recursive: true, force: true });
    }
  }, 120_000);
});
