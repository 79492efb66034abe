// The network settings through the API: the proxy's password never comes back out, and a change applies to the
// next download at once (no restart).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { startProxy, type HttpProxy } from '../helpers/servers/http-proxy';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let files: FileServer;
let proxy: HttpProxy;
let events: EventLog;
const body = randomBytes(200_000);

beforeAll(async () => {
  server = await startTestServer();
  files = await startFileServer();
  files.files.set('/model.bin', { body });
  proxy = await startProxy({ auth: 'me:secret' });
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await proxy?.stop();
  await files?.stop();
  await server?.stop();
});

async function download(dest: string): Promise<void> {
  const { id } = await server.rpc('downloads.start', { url: files.url('/model.bin'), dest });
  const end = await events.waitFor(
    'download:progress',
    (e) => e.id === id && (e.state === 'done' || e.state === 'failed'),
  );
  expect(end).toMatchObject({ state: 'done' });
}

describe('network settings', () => {
  it('stores the proxy with its password but never shows the password', async () => {
    const proxyUrl = `http://me:secret@127.0.0.1:${proxy.port}`;
    const after = await server.rpc('settings.set', {
      proxy: proxyUrl,
      noProxy: 'example.invalid',
      bandwidthLimit: 64 * 1024 * 1024,
    });
    const shown = `http://me:***@127.0.0.1:${proxy.port}`;
    expect(after).toMatchObject({ proxy: shown, noProxy: 'example.invalid', pendingRestart: [] });
    expect((await server.rpc('settings.get')).proxy).toBe(shown);
    const stored = JSON.parse(await readFile(path.join(server.home, 'config.json'), 'utf8'));
    expect(stored.proxy).toBe(proxyUrl);
  });

  it('refuses a proxy it could not speak, naming the field', async () => {
    const error = await server
      .rpc('settings.set', { proxy: 'socks5://h:1' })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/proxy.*http:\/\/ proxy URL/s);
    // Control characters would reach git's and apps' environments, where a NUL is fatal.
    for (const params of [{ proxy: 'proxy\u0000:8080' }, { noProxy: 'a.lan,\u0000' }]) {
      const refused = await server.rpc('settings.set', params).catch((e: unknown) => e);
      expect(refused).toMatchObject({ rpc: { data: { code: 'invalid_params' } } });
    }
  });

  it('sends the next download through the proxy, and straight again once the proxy is removed', async () => {
    await download('drive/a.bin');
    expect(proxy.seen.map((s) => s.target)).toEqual([files.url('/model.bin')]);
    expect((await readFile(path.join(server.home, 'drive/a.bin'))).equals(body)).toBe(true);
    await server.rpc('settings.set', { proxy: null, bandwidthLimit: null });
    await download('drive/b.bin');
    expect(proxy.seen).toHaveLength(1);
  });
});
