// An app's own proxy: HTTP_PROXY in the launcher's ENVIRONMENT (as Pinokio launchers write it) carries the
// fs.download of that app's install through that proxy, over Hangar's proxy setting; an app without one keeps
// the setting, and the app's NO_PROXY sends a host direct.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/git-repo';
import { helloAppRepo } from '../helpers/hello-app';
import { startTestServer, type TestServer } from '../helpers/server';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { startProxy, type HttpProxy } from '../helpers/servers/http-proxy';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let files: FileServer;
let appProxy: HttpProxy;
let globalProxy: HttpProxy;
let events: EventLog;
const repos: TempRepo[] = [];
const body = randomBytes(300_000);

beforeAll(async () => {
  server = await startTestServer();
  files = await startFileServer();
  for (const name of ['/a.bin', '/b.bin', '/c.bin']) files.files.set(name, { body });
  appProxy = await startProxy();
  globalProxy = await startProxy();
  events = await collectEvents(server.url);
  await server.rpc('settings.set', { proxy: globalProxy.url });
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  for (const repo of repos) await repo.remove();
  await appProxy?.stop();
  await globalProxy?.stop();
  await files?.stop();
});

/** Installs a launcher whose install downloads `file` into models/, with `environment` as its ENVIRONMENT. */
async function installWith(name: string, file: string, environment?: string): Promise<string> {
  const repo = await helloAppRepo();
  repos.push(repo);
  const step = { method: 'fs.download', params: { url: files.url(file), dir: 'models' } };
  await writeFile(path.join(repo.dir, 'install.json'), JSON.stringify({ run: [step] }));
  if (environment !== undefined) await writeFile(path.join(repo.dir, 'ENVIRONMENT'), environment);
  repo.commit('an install that downloads a model');
  const installed = events.waitFor(
    'app:status',
    (e) => e.name === name && (e.state === 'installed' || e.state === 'install-failed'),
    60_000,
  );
  await server.rpc('apps.install', { source: repo.dir, name });
  expect(await installed).toMatchObject({ state: 'installed' });
  const saved = path.join(server.home, 'api', name, 'models', file.slice(1));
  expect((await readFile(saved)).equals(body)).toBe(true);
  return files.url(file);
}

const targets = (proxy: HttpProxy) => proxy.seen.map((s) => s.target);

describe("an app's ENVIRONMENT proxy", () => {
  it("carries the app's downloads, over Hangar's proxy setting", async () => {
    const url = await installWith(
      'proxied',
      '/a.bin',
      `# proxy of this app\nHTTP_PROXY=${appProxy.url}\n`,
    );
    expect(targets(appProxy)).toContain(url);
    expect(targets(globalProxy)).not.toContain(url);
  });

  it("leaves an app without one on Hangar's setting", async () => {
    const url = await installWith('plain', '/b.bin');
    expect(targets(globalProxy)).toContain(url);
    expect(targets(appProxy)).not.toContain(url);
  });

  it("sends the hosts the app's NO_PROXY lists direct", async () => {
    const url = await installWith('bypass', '/c.bin', 'NO_PROXY=127.0.0.1\n');
    expect(targets(globalProxy)).not.toContain(url);
    expect(targets(appProxy)).not.toContain(url);
    expect(files.requestsFor('/c.bin').length).toBeGreaterThan(0);
  });
});
