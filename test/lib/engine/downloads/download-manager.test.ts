// DownloadManager: events, concurrency, cancel, persistence across a restart, Drive confirm and credentials.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadManager, credentialsFor } from '../../../../lib/engine/downloads';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import type { DownloadProgressEvent } from '../../../../lib/shared/events';
import { FileServer, startFileServer } from '../../../helpers/servers/file-server';
import { mountGoogleDrive } from '../../../helpers/servers/gdrive-server';
import { waitForDownload } from '../../../helpers/download-events';

function waitFor(
  bus: EventBus,
  test: (e: DownloadProgressEvent) => boolean,
  ms = 5000,
): Promise<DownloadProgressEvent> {
  return waitForDownload(bus, test, ms);
}

async function waitUntil(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('DownloadManager', () => {
  let server: FileServer;
  let root: string;
  let home: HomeLayout;
  let bus: EventBus;
  const managers: DownloadManager[] = [];
  const body = randomBytes(512 * 1024);

  const make = (
    extra: Partial<ConstructorParameters<typeof DownloadManager>[0]> = {},
  ): DownloadManager => {
    const m = new DownloadManager({ home, bus, backoffMs: 10, ...extra });
    managers.push(m);
    return m;
  };

  beforeEach(async () => {
    server = await startFileServer();
    root = await mkdtemp(path.join(tmpdir(), 'hangar-dm-'));
    home = (await ensureHome(root)).layout;
    bus = new EventBus();
  });
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.dispose()));
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('downloads, emits progress events and lists the finished record', async () => {
    server.files.set('/a.bin', { body, delayMs: 50 });
    const events: DownloadProgressEvent[] = [];
    bus.on('download:progress', (e) => events.push(e));
    const m = make();
    const { id, done } = m.start({
      url: server.url('/a.bin'),
      dest: path.join(root, 'a.bin'),
      hash: true,
    });
    const result = await done;
    expect(result.state).toBe('done');
    expect(result.bytes).toBe(body.length);
    expect(events[0]).toMatchObject({ id, state: 'queued' });
    expect(
      events.some(
        (e) => e.state === 'downloading' && e.bytes > 0 && e.total === body.length && e.rate > 0,
      ),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ id, state: 'done', bytes: body.length, etaSec: 0 });
    expect(m.list().map((r) => [r.id, r.state])).toEqual([[id, 'done']]);
  });

  it('runs no more downloads at once than its concurrency', async () => {
    for (const n of [1, 2, 3]) server.files.set(`/${n}.bin`, { body, delayMs: 2 });
    const m = make({ concurrency: 1 });
    const a = m.start({ url: server.url('/1.bin'), dest: path.join(root, '1.bin') });
    const b = m.start({ url: server.url('/2.bin'), dest: path.join(root, '2.bin') });
    await waitFor(bus, (e) => e.id === a.id && e.state === 'downloading' && e.bytes > 0);
    expect(m.get(b.id)?.state).toBe('queued');
    expect(server.requestsFor('/2.bin')).toHaveLength(0);
    await Promise.all([a.done, b.done]);
  });

  it('cancels a running download and removes its partial bytes', async () => {
    server.files.set('/slow.bin', { body, delayMs: 20 });
    const m = make();
    const dest = path.join(root, 'slow.bin');
    const { id, done } = m.start({ url: server.url('/slow.bin'), dest });
    await waitFor(bus, (e) => e.id === id && e.bytes > 0);
    expect(m.cancel(id)).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'cancelled' });
    expect(m.get(id)?.state).toBe('cancelled');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(m.cancel(id)).toBe(false);
  });

  it('persists the queue and resumes after a restart, fetching only the missing bytes', async () => {
    server.files.set('/big.bin', { body, etag: '"e1"', stallAfter: 200_000 });
    const dest = path.join(root, 'big.bin');
    const first = make();
    const { id } = first.start({
      url: server.url('/big.bin'),
      dest,
      headers: { authorization: 'Bearer t0k' },
    });
    await waitUntil(async () => (await stat(`${dest}.part`).catch(() => null))?.size === 200_000);
    await first.dispose();
    const saved = await readFile(path.join(home.state, 'downloads.json'), 'utf8');
    expect(saved).toContain(id);
    expect(saved).not.toContain('t0k');
    const onDisk = (await readFile(`${dest}.part`)).length;
    expect(onDisk).toBe(200_000);

    server.files.set('/big.bin', { body, etag: '"e1"' });
    const second = make({ credentials: () => ({ authorization: 'Bearer t0k' }) });
    const resumed = await second.resumePersisted();
    expect(resumed.map((r) => r.id)).toEqual([id]);
    const result = await resumed[0].done;
    expect(result.resumedFrom).toBe(onDisk);
    expect((await readFile(dest)).equals(body)).toBe(true);
    const last = server.requestsFor('/big.bin').at(-1)!;
    expect(last.headers.range).toBe(`bytes=${onDisk}-`);
    expect(last.headers.authorization).toBe('Bearer t0k');
    expect(last.sent).toBe(body.length - onDisk);
  });

  it('follows a Google-Drive-style confirmation page to the file', async () => {
    mountGoogleDrive(server, { abc: body });
    const m = make();
    const dest = path.join(root, 'drive.bin');
    await m.start({ url: server.url('/uc?export=download&id=abc'), dest }).done;
    expect((await readFile(dest)).equals(body)).toBe(true);
    const final = server.requests.find((r) => r.path.startsWith('/download'))!;
    expect(final.headers.cookie).toBe('NID=drive-abc');
  });

  it('sends per-host credentials only to their host', async () => {
    const other = await startFileServer();
    try {
      server.files.set('/hf.bin', { body });
      other.files.set('/plain.bin', { body });
      const m = make({
        credentials: credentialsFor({ hfToken: 'hf_x', hfEndpoint: server.origin }),
      });
      await m.start({ url: server.url('/hf.bin'), dest: path.join(root, 'hf.bin') }).done;
      await m.start({ url: other.url('/plain.bin'), dest: path.join(root, 'plain.bin') }).done;
      expect(server.requestsFor('/hf.bin')[0].headers.authorization).toBe('Bearer hf_x');
      expect(other.requestsFor('/plain.bin')[0].headers.authorization).toBeUndefined();
    } finally {
      await other.stop();
    }
  });

  it('reports a failure with its code and the server status, and keeps it in the list', async () => {
    const failed = waitFor(bus, (e) => e.state === 'failed');
    const m = make();
    const { id, done } = m.start({ url: server.url('/nope'), dest: path.join(root, 'nope') });
    await expect(done).rejects.toMatchObject({ code: 'network' });
    expect(m.get(id)).toMatchObject({ state: 'failed', error: { code: 'network', status: 404 } });
    expect(await failed).toMatchObject({ id, httpStatus: 404 });
  });

  it('keeps the status of a server error that outlasted its retries', async () => {
    server.handlers.push((req, res) => {
      if (!req.url?.startsWith('/busy')) return false;
      res.writeHead(503, { 'retry-after': '0' });
      res.end('busy');
      return true;
    });
    const m = make({ retries: 1 });
    const { id, done } = m.start({ url: server.url('/busy'), dest: path.join(root, 'busy') });
    await expect(done).rejects.toMatchObject({ code: 'network' });
    expect(m.get(id)?.error).toMatchObject({ status: 503 });
  });
});
