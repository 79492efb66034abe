import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startFileServer, type FileServer } from '../helpers/servers/file-server';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let files: FileServer;
let events: EventLog;
const body = Buffer.alloc(3 * 1024 * 1024, 7);
const sha256 = createHash('sha256').update(body).digest('hex');

beforeAll(async () => {
  server = await startTestServer();
  files = await startFileServer();
  files.files.set('/model.safetensors', { body });
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await files?.stop();
  await server?.stop();
});

describe('downloads and drive over the API', () => {
  it('downloads a verified file into the drive, reporting progress, and lists it', async () => {
    const { id } = await server.rpc('downloads.start', {
      url: files.url('/model.safetensors'),
      dest: 'drive/models/other/model.safetensors',
      sha256,
    });
    const done = await events.waitFor(
      'download:progress',
      (e) => e.id === id && (e.state === 'done' || e.state === 'failed'),
    );
    expect(done).toMatchObject({ state: 'done', bytes: body.length, total: body.length });
    const stored = await readFile(path.join(server.home, 'drive/models/other/model.safetensors'));
    expect(stored.equals(body)).toBe(true);
    const list = await server.rpc('downloads.list');
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ id, state: 'done' })]));
    const usage = await server.rpc('drive.usage');
    expect(usage).toHaveProperty('savedBytes');
    expect(Array.isArray(await server.rpc('drive.list'))).toBe(true);
  });

  it('refuses a destination outside api/, drive/ and cache/, and a non-HTTP URL', async () => {
    await expect(
      server.rpc('downloads.start', { url: files.url('/model.safetensors'), dest: 'config.json' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'path_escape' } } });
    await expect(
      server.rpc('downloads.start', {
        url: files.url('/model.safetensors'),
        dest: '../outside.bin',
      }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'path_escape' } } });
    await expect(
      server.rpc('downloads.start', { url: 'file:///etc/passwd', dest: 'cache/x' }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'invalid_params' } } });
  });

  it('cancels a download', async () => {
    files.files.set('/slow.bin', { body: Buffer.alloc(1024 * 1024, 1), delayMs: 50 });
    const { id } = await server.rpc('downloads.start', {
      url: files.url('/slow.bin'),
      dest: 'cache/slow.bin',
    });
    expect(await server.rpc('downloads.cancel', { id })).toEqual({ cancelled: true });
    await events.waitFor('download:progress', (e) => e.id === id && e.state === 'cancelled');
  });

  it('pauses, resumes and retries a download, and answers not_found for an unknown id', async () => {
    const slow = Buffer.alloc(1024 * 1024, 2);
    files.files.set('/pausable.bin', { body: slow, etag: '"p"', delayMs: 40 });
    const { id } = await server.rpc('downloads.start', {
      url: files.url('/pausable.bin'),
      dest: 'cache/pausable.bin',
    });
    await events.waitFor('download:progress', (e) => e.id === id && e.bytes > 0);
    expect(await server.rpc('downloads.pause', { id })).toEqual({ paused: true });
    await events.waitFor('download:progress', (e) => e.id === id && e.state === 'paused');
    const listed = (await server.rpc('downloads.list')).find((d) => d.id === id);
    expect(listed?.state).toBe('paused');
    expect(await server.rpc('downloads.retry', { id })).toEqual({ retried: false });
    expect(await server.rpc('downloads.resume', { id })).toEqual({ resumed: true });
    await events.waitFor('download:progress', (e) => e.id === id && e.state === 'done');
    expect(files.requestsFor('/pausable.bin').at(-1)?.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect((await readFile(path.join(server.home, 'cache/pausable.bin'))).equals(slow)).toBe(true);

    const missing = await server.rpc('downloads.start', {
      url: files.url('/later.bin'),
      dest: 'cache/later.bin',
    });
    await events.waitFor('download:progress', (e) => e.id === missing.id && e.state === 'failed');
    files.files.set('/later.bin', { body: slow });
    expect(await server.rpc('downloads.retry', { id: missing.id })).toEqual({ retried: true });
    await events.waitFor('download:progress', (e) => e.id === missing.id && e.state === 'done');

    await expect(server.rpc('downloads.pause', { id: 'nope' })).rejects.toMatchObject({
      rpc: { data: { code: 'not_found' } },
    });
  });
});
