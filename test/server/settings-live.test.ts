// Settings say when they apply: allowHosts and stopTimeoutMs act at once on a running server, a restart-only
// setting says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../helpers/git-repo';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

// The fixture app, changed to ignore SIGTERM and the SIGHUP of its terminal closing, silently (a write to the hung-up
// terminal would end it): a stop takes the whole grace, then SIGKILL.
const STUBBORN = `const http = require('node:http');
process.on('SIGTERM', () => undefined);
process.on('SIGHUP', () => undefined);
process.stdout.on('error', () => undefined);
const server = http.createServer((req, res) => res.end('stubborn'));
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log('Stubborn on http://127.0.0.1:' + server.address().port));
`;
// The new grace is the longer one: a stop that still used the grace read at start would end well before it.
const START_GRACE_MS = 100;
const NEW_GRACE_MS = 1500;

let server: TestServer;
let repo: TempRepo;
let events: EventLog;
beforeAll(async () => {
  server = await startTestServer({ config: { stopTimeoutMs: START_GRACE_MS } });
  repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(path.join(repo.dir, 'app/server.js'), STUBBORN);
  repo.commit('a server that ignores SIGTERM');
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
});

/** GET /api with the given Host header (fetch cannot set one): the status code. */
function statusWithHost(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: '/api', headers: { host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('settings that apply live', () => {
  it('allowHosts: a request with a newly allowed Host is admitted without a restart', async () => {
    const host = `hangar-live.test:${server.port}`;
    expect(await statusWithHost(host)).toBe(421);
    const after = await server.rpc('settings.set', {
      allowHosts: ['Hangar-Live.test'],
    });
    expect(after.appliesAfterRestart.allowHosts).toBeUndefined();
    expect(await statusWithHost(host)).toBe(200);
    await server.rpc('settings.set', { allowHosts: [] });
    expect(await statusWithHost(host)).toBe(421);
  });

  it('stopTimeoutMs: the next stop of an app started before the change waits the new grace', async () => {
    await server.rpc('apps.install', { source: repo.dir });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'installed');
    await server.rpc('apps.start', { name: 'hello-app' });
    const after = await server.rpc('settings.set', { stopTimeoutMs: NEW_GRACE_MS });
    expect(after).toMatchObject({ stopTimeoutMs: NEW_GRACE_MS, pendingRestart: [] });
    const t0 = Date.now();
    expect(await server.rpc('apps.stop', { name: 'hello-app' })).toMatchObject({
      state: 'stopped',
    });
    const tookMs = Date.now() - t0;
    // The app ignores SIGTERM: the stop lasts the grace, the new one.
    expect(tookMs).toBeGreaterThanOrEqual(NEW_GRACE_MS - 50);
  });
});

describe('a setting that applies at the next start', () => {
  it('appOrigins answers appliesAfterRestart and, once changed, that the change waits for a restart', async () => {
    const before = await server.rpc('settings.get');
    expect(before.appliesAfterRestart).toEqual({ appOrigins: true });
    expect(before.pendingRestart).toEqual([]);
    const after = await server.rpc('settings.set', { appOrigins: 'path' });
    expect(after).toMatchObject({
      appOrigins: 'path',
      appliesAfterRestart: { appOrigins: true },
      pendingRestart: ['appOrigins'],
    });
    // The server still routes as it started: the running mode is unchanged.
    expect(server.engine.config.appOrigins).toBe('origin');
    const back = await server.rpc('settings.set', { appOrigins: 'origin' });
    expect(back.pendingRestart).toEqual([]);
  });
});
