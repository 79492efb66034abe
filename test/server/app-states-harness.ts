// A test server for the app state machine, with its event log and launchers whose install step does what they are
// told: ok, fail or hang.
import { writeFile } from 'node:fs/promises';
import type { AppDetail } from '../../lib/shared/app';
import type { AppStatusEvent } from '../../lib/shared/events';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

const fixture = path.resolve(__dirname, '../fixtures/launchers/hello-app');

/** An install step whose outcome app/mode.txt decides: ok, fail (exit 1) or hang (until stopped). */
const INSTALL_STEP = `const fs = require('fs');
const mode = fs.existsSync('mode.txt') ? fs.readFileSync('mode.txt', 'utf8').trim() : 'ok';
console.log('install step: ' + mode);
if (mode === 'fail') process.exit(1);
if (mode === 'hang') setInterval(() => {}, 1000);
`;
export const INSTALL_JSON = JSON.stringify({
  run: [
    { method: 'shell.run', params: { message: 'node install-step.js', path: 'app' } },
    { method: 'fs.write', params: { path: 'app/installed.txt', text: 'installed' } },
  ],
});

export interface AppStatesHarness {
  server: TestServer;
  events: EventLog;
  /** A launcher repository like hello-app whose install step does what `mode` says. */
  gatedLauncher(mode: 'ok' | 'fail' | 'hang'): Promise<TempRepo>;
  /** Resolves with the first app:status of `name` in `state` emitted after this call. */
  nextState(name: string, state: string): Promise<AppStatusEvent>;
  statesOf(name: string): string[];
  logsContain(runId: string, text: string, ms?: number): Promise<void>;
  app(name: string): Promise<AppDetail>;
  stop(): Promise<void>;
}

export async function startAppStatesHarness(): Promise<AppStatesHarness> {
  const server = await startTestServer();
  const events = await collectEvents(server.url);
  const repos: TempRepo[] = [];
  return {
    server,
    events,
    async gatedLauncher(mode) {
      const repo = await repoFromFixture(fixture);
      repos.push(repo);
      await writeFile(path.join(repo.dir, 'install.json'), INSTALL_JSON);
      await writeFile(path.join(repo.dir, 'app/install-step.js'), INSTALL_STEP);
      await writeFile(path.join(repo.dir, 'app/mode.txt'), mode);
      repo.commit(`install step: ${mode}`);
      return repo;
    },
    nextState(name, state) {
      const mark = events.events.length;
      return events.waitFor(
        'app:status',
        (p) =>
          p.name === name &&
          p.state === state &&
          events.events.findIndex((e) => e.payload === p) >= mark,
      );
    },
    statesOf(name) {
      return events
        .payloadsOf('app:status')
        .filter((p) => p.name === name)
        .map((p) => p.state);
    },
    async logsContain(runId, text, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const page = await server.rpc('runs.logs', { runId });
        if (
          page.entries
            .map((e) => e.data)
            .join('')
            .includes(text)
        )
          return;
        if (Date.now() > deadline)
          throw new Error(`run ${runId} did not print "${text}" within ${ms} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    app: (name) => server.rpc('apps.get', { name }),
    async stop() {
      events.close();
      await server.stop();
      await Promise.all(repos.map((r) => r.remove()));
    },
  };
}

/** What a test file reaches the harness by: the harness's own calls, and its server once started. */
export type AppStatesAccess = Omit<AppStatesHarness, 'server' | 'events' | 'stop'> & {
  server: () => TestServer;
  events: () => EventLog;
};

/** Starts the harness before the file's tests and stops it after them. */
export function withAppStatesHarness(): AppStatesAccess {
  let h: AppStatesHarness | null = null;
  beforeAll(async () => {
    h = await startAppStatesHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  const started = (): AppStatesHarness => {
    if (!h) throw new Error('the app states harness is not started (use it inside a test)');
    return h;
  };
  return {
    server: () => started().server,
    events: () => started().events,
    gatedLauncher: (mode) => started().gatedLauncher(mode),
    nextState: (name, state) => started().nextState(name, state),
    statesOf: (name) => started().statesOf(name),
    logsContain: (runId, text, ms) => started().logsContain(runId, text, ms),
    app: (name) => started().app(name),
  };
}

/** The JSON-RPC error a call was refused with. */
export async function refusal(
  call: Promise<unknown>,
): Promise<{ message: string; data: { code: string } }> {
  try {
    await call;
  } catch (error) {
    return (error as { rpc: { message: string; data: { code: string } } }).rpc;
  }
  throw new Error('the call was not refused');
}
