// Fault drill: an app that serves, then exits with code 3, under the on-failure restart policy, on a production
// Hangar. Hangar starts it again after each crash with a growing delay, keeps one crashed run per try, and gives up
// after the limit with the app `failed`, saying so; nothing of the app is left running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { waitFor } from '../helpers/processes';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { rpcCall } from '../helpers/rpc';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { expectDrillInvariants, ownedBy } from './invariants';

const CRASHY = `const http = require('node:http');
const server = http.createServer((req, res) => res.end('crashy'));
server.listen(Number(process.argv[2]), '127.0.0.1', () => {
  console.log('Crashy on http://127.0.0.1:' + server.address().port);
  setTimeout(() => { console.log('crashing now'); process.exit(3); }, 2500);
});
`;

/** The on-failure policy this drill sets through settings.set (the default is 5 restarts, 1 s doubling). */
const MAX_RESTARTS = 3;
const BASE_DELAY_MS = 200;

let home: string;
let repo: TempRepo;
let server: ServerProcess | undefined;
let events: EventLog | undefined;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-fault-crash-'));
  await writeTestConfig(home);
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(repo.dir, 'app/server.js'), CRASHY);
  repo.commit('a server that exits with code 3 after serving a moment');
});
afterAll(async () => {
  events?.close();
  await server?.stop('SIGKILL');
  for (const p of await ownedBy(home)) process.kill(p.pid, 'SIGKILL');
  await repo?.remove();
  await rm(home, { recursive: true, force: true });
});

describe('a crash with the restart policy', () => {
  it('restarts the app after each crash, then gives up after the limit with a clear failed state', async () => {
    server = await spawnServer({ home });
    const rpc = <M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>> =>
      rpcCall(server!.url, method, ...params);
    events = await collectEvents(server.url);
    await rpc('apps.install', { source: repo.dir, name: 'crashy' });
    await waitFor(
      async () => (await rpc('apps.get', { name: 'crashy' })).state === 'installed',
      'the install',
      30_000,
    );
    // The policy's numbers are a live setting: the restarts below follow them without a Hangar restart.
    await rpc('settings.set', {
      restarts: { baseDelayMs: BASE_DELAY_MS, maxRestarts: MAX_RESTARTS },
    });
    expect(await rpc('apps.configure', { name: 'crashy', restart: 'on-failure' })).toMatchObject({
      restart: 'on-failure',
    });
    const t0 = Date.now();
    const first = await rpc('apps.start', { name: 'crashy' });
    await waitFor(
      async () =>
        /gave up restarting/.test((await rpc('apps.get', { name: 'crashy' })).error?.message ?? ''),
      'Hangar to give up restarting',
      150_000,
    );
    const gaveUpMs = Date.now() - t0;

    const app = await rpc('apps.get', { name: 'crashy' });
    expect(app).toMatchObject({ state: 'failed', url: null });
    expect(app.error?.message).toMatch(/stopped unexpectedly \(crashed\); gave up restarting/);
    const starts = (await rpc('runs.list', { name: 'crashy' })).filter((r) =>
      r.script.endsWith('start.json'),
    );
    // The first start and one run per restart, each crashed with the app's exit code; the first is the one we began.
    expect(starts).toHaveLength(1 + MAX_RESTARTS);
    expect(starts[0]!.runId).toBe(first.runId);
    for (const run of starts) {
      expect(run.status, run.runId).toBe('crashed');
      expect(run.error?.message).toBe("the app's process exited with code 3");
    }
    // Each restart waits its backoff (doubling from the set base) after the crash it answers.
    const gaps = starts.slice(1).map((run, i) => run.startedAt - starts[i]!.endedAt!);
    gaps.forEach((gap, i) =>
      expect(gap, `delay before restart ${i + 1}`).toBeGreaterThanOrEqual(
        BASE_DELAY_MS * 2 ** i - 50,
      ),
    );
    const states = events
      .payloadsOf('app:status')
      .filter((p) => p.name === 'crashy')
      .map((p) => p.state);
    expect(states.filter((s) => s === 'running')).toHaveLength(1 + MAX_RESTARTS);
    expect(states.at(-1)).toBe('failed');
    // No more restarts after giving up: the state holds, nothing of the app runs.
    const runsAtGiveUp = starts.length;
    await expectDrillInvariants({ home, url: server.url });
    expect(
      (await rpc('runs.list', { name: 'crashy' })).filter((r) => r.script.endsWith('start.json')),
    ).toHaveLength(runsAtGiveUp);
    console.log(
      JSON.stringify({
        drill: 'crash-restart-policy',
        runs: starts.length,
        restarts: starts.length - 1,
        msBeforeEachRestart: gaps,
        msToGiveUp: gaveUpMs,
        stateChanges: states.length,
        left: 0,
      }),
    );

    // A manual Start after giving up works again (a fresh count), and Stop leaves nothing.
    await rpc('apps.configure', { name: 'crashy', restart: 'never' });
    expect((await rpc('apps.start', { name: 'crashy' })).port).toBeGreaterThan(0);
    await rpc('apps.stop', { name: 'crashy' });
    await expectDrillInvariants({
      home,
      url: server.url,
      afterStop: () => server!.stop(),
    });
  }, 240_000);
});
