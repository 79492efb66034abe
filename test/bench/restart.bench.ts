// Benchmark `restart-adopt`: kill -9 of Hangar with an app running → the restarted Hangar serves the adopted app
// through the proxy; against the same restart followed by starting the app anew (what a Hangar without adoption does).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { lowerIsBetter, round, type Benchmark } from './harness';
import { ensureBuilt } from '../../server/bin/build.mjs';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { repoFromFixture } from '../helpers/git-repo';
import { rpcCall } from '../helpers/rpc';
import { writeTestConfig } from '../helpers/port-range';
import { underHome } from '../helpers/processes';

const root = path.resolve(__dirname, '../..');
const RUNS = 3;

function startHangar(home: string, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [path.join(root, 'server/bin/start.mjs'), '--port', String(port), '--home', home, '--headless'],
    {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
}

/** One GET of the app at its own origin on Hangar's port; true on a 200 whose body is the app's. */
function appAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        headers: { host: `hello-app.localhost:${port}` },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          resolve(res.statusCode === 200 && body.includes('Hello from hello-app')),
        );
      },
    );
    req.on('error', () => resolve(false));
  });
}

/** A call to the Hangar on `port`, retried while it is not yet listening. */
async function rpc<M extends MethodName>(
  port: number,
  method: M,
  ...params: ParamsArgs<M>
): Promise<Result<M>> {
  for (;;) {
    try {
      return await rpcCall(`http://127.0.0.1:${port}`, method, ...params);
    } catch (error) {
      if (!String(error).includes('fetch failed')) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** ms from kill -9 to the app answering through the restarted Hangar; `restartApp` starts it anew instead of adopting. */
async function once(home: string, restartApp: boolean): Promise<number> {
  const port = await getPort();
  const first = startHangar(home, port);
  await rpc(port, 'apps.start', { name: 'hello-app' });
  await kill9(first);
  const killedAt = performance.now();
  if (restartApp) {
    // What a Hangar that cannot adopt must do: the app dies with it, and is started again.
    for (const pid of await underHome(home)) process.kill(pid, 'SIGKILL');
  }
  const second = startHangar(home, port);
  try {
    if (restartApp) await rpc(port, 'apps.start', { name: 'hello-app' });
    await until(() => appAnswers(port));
    return performance.now() - killedAt;
  } finally {
    await rpc(port, 'apps.stop', { name: 'hello-app' }).catch(() => undefined);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'restart-adopt',
    async run() {
      await ensureBuilt();
      const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-bench-restart-'));
      const repo = await repoFromFixture(path.join(root, 'test/fixtures/launchers/hello-app'));
      try {
        await writeTestConfig(home);
        const port = await getPort();
        const setup = startHangar(home, port);
        await rpc(port, 'apps.install', { source: repo.dir });
        await until(
          async () => (await rpc(port, 'apps.get', { name: 'hello-app' })).state === 'installed',
        );
        setup.kill('SIGTERM');
        await new Promise((r) => setup.once('exit', r));
        const adopt: number[] = [];
        const fresh: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          adopt.push(await once(home, false));
          fresh.push(await once(home, true));
        }
        const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
        return lowerIsBetter('restart-adopt', 'ms', median(adopt), median(fresh), {
          adoptRuns: adopt.map(round),
          restartAppRuns: fresh.map(round),
        });
      } finally {
        await repo.remove();
        await rm(home, { recursive: true, force: true });
      }
    },
  },
];
