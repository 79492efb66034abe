// DownloadManager controls: pause mid-transfer, resume with a Range request, a paused item kept paused across a
// restart, cancel of a paused item, and retry after a failure or a cancel.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadManager } from '../../../../lib/engine/downloads';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import type { DownloadProgressEvent } from '../../../../lib/shared/events';
import {
  FileServer,
  startFileServer,
  type RecordedRequest,
} from '../../../helpers/servers/file-server';
import { waitForDownload } from '../../../helpers/download-events';

function waitFor(
  bus: EventBus,
  test: (e: DownloadProgressEvent) => boolean,
  ms = 10_000,
): Promise<DownloadProgressEvent> {
  return waitForDownload(bus, test, ms);
}

async function waitUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Tracks whether a promise has settled, without consuming its outcome. */
function track<T>(promise: Promise<T>): { settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

const partSize = async (dest: string): Promise<number> =>
  (await stat(`${dest}.part`).catch(() => null))?.size ?? 0;

describe('DownloadManager pause, resume, retry', () => {
  let server: FileServer;
  let root: string;
  let home: HomeLayout;
  let bus: EventBus;
  const managers: DownloadManager[] = [];
  const body = randomBytes(1024 * 1024);

  const make = (): DownloadManager => {
    const m = new DownloadManager({ home, bus, backoffMs: 10, retries: 1 });
    managers.push(m);
    return m;
  };

  /** Starts a slow download (16 chunks of 64 KiB, 40 ms apart), pauses it mid-transfer and waits for the stop. */
  async function pausedMidway(m: DownloadManager, name: string) {
    server.files.set(`/${name}`, { body, etag: '"v1"', delayMs: 40 });
    const dest = path.join(root, name);
    const started = m.start({ url: server.url(`/${name}`), dest });
    await waitFor(bus, (e) => e.id === started.id && e.state === 'downloading' && e.bytes > 0);
    expect(m.pause(started.id)).toBe(true);
    await waitFor(bus, (e) => e.id === started.id && e.state === 'paused');
    const first = server.requestsFor(`/${name}`)[0];
    // The server saw its response closed: no more bytes can arrive on it.
    await waitUntil(() => first.status !== 0);
    return { ...started, dest, first };
  }

  beforeEach(async () => {
    server = await startFileServer();
    root = await mkdtemp(path.join(tmpdir(), 'hangar-dlctl-'));
    home = (await ensureHome(root)).layout;
    bus = new EventBus();
  });
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.dispose()));
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('pauses mid-transfer (the connection closes, the .part stays, callers keep waiting) and resumes with a Range request', async () => {
    const m = make();
    const { id, done, dest, first } = await pausedMidway(m, 'a.bin');
    const outcome = track(done);
    const atPause = await partSize(dest);
    expect(atPause).toBeGreaterThan(0);
    expect(atPause).toBeLessThan(body.length);
    expect(first.sent).toBeLessThan(body.length);
    expect(server.requestsFor('/a.bin')).toHaveLength(1);
    expect(m.get(id)?.state).toBe('paused');
    expect(outcome.settled).toBe(false);
    expect(m.pause(id)).toBe(false);

    expect(m.resume(id)).toBe(true);
    expect(m.resume(id)).toBe(false);
    const result = await done;
    expect(result).toMatchObject({ state: 'done', resumedFrom: atPause, bytes: body.length });
    expect((await readFile(dest)).equals(body)).toBe(true);
    const requests = server.requestsFor('/a.bin');
    expect(requests).toHaveLength(2);
    expect(requests[1].headers.range).toBe(`bytes=${atPause}-`);
    expect(requests[1].headers['if-range']).toBe('"v1"');
    expect(requests[1].sent).toBe(body.length - atPause);
  });

  it('keeps a paused download paused across a restart and resumes it from its offset afterwards', async () => {
    const first = make();
    const { id, dest } = await pausedMidway(first, 'b.bin');
    const atPause = await partSize(dest);
    await first.dispose();
    const saved = JSON.parse(await readFile(path.join(home.state, 'downloads.json'), 'utf8')) as {
      downloads: { id: string; state: string }[];
    };
    expect(saved.downloads.find((d) => d.id === id)?.state).toBe('paused');

    const second = make();
    expect(await second.resumePersisted()).toEqual([]);
    expect(second.get(id)?.state).toBe('paused');
    expect(server.requestsFor('/b.bin')).toHaveLength(1);
    const finished = waitFor(bus, (e) => e.id === id && e.state === 'done');
    expect(second.resume(id)).toBe(true);
    expect(await finished).toMatchObject({ bytes: body.length });
    const last: RecordedRequest = server.requestsFor('/b.bin').at(-1)!;
    expect(last.headers.range).toBe(`bytes=${atPause}-`);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('a request for the file of a paused download resumes it and shares its outcome', async () => {
    const m = make();
    const { id, done, dest } = await pausedMidway(m, 'c.bin');
    const again = m.start({ url: server.url('/c.bin'), dest });
    expect(again.id).toBe(id);
    const [a, b] = await Promise.all([done, again.done]);
    expect(a.state).toBe('done');
    expect(b.id).toBe(id);
    expect(server.requestsFor('/c.bin')).toHaveLength(2);
  });

  it('cancels a paused download: its callers fail with cancelled and its partial bytes go', async () => {
    const m = make();
    const { id, done, dest } = await pausedMidway(m, 'd.bin');
    const cancelled = waitFor(bus, (e) => e.id === id && e.state === 'cancelled');
    expect(m.cancel(id)).toBe(true);
    await expect(done).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringContaining('was cancelled') as unknown,
    });
    await cancelled;
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(m.cancel(id)).toBe(false);
    expect(m.resume(id)).toBe(false);
  });

  it('retries a failed download, and a cancelled one from the .part it kept', async () => {
    const m = make();
    const dest = path.join(root, 'late.bin');
    const failed = m.start({ url: server.url('/late.bin'), dest });
    await expect(failed.done).rejects.toMatchObject({ code: 'network' });
    expect(m.get(failed.id)?.state).toBe('failed');
    server.files.set('/late.bin', { body });
    const done = waitFor(bus, (e) => e.id === failed.id && e.state === 'done');
    expect(m.retry(failed.id)).toBe(true);
    await done;
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(m.retry(failed.id)).toBe(false);

    server.files.set('/kept.bin', { body, etag: '"k"', delayMs: 40 });
    const keptDest = path.join(root, 'kept.bin');
    const kept = m.start({ url: server.url('/kept.bin'), dest: keptDest });
    await waitFor(bus, (e) => e.id === kept.id && e.bytes > 0);
    expect(m.cancel(kept.id, { keepPartial: true })).toBe(true);
    await expect(kept.done).rejects.toMatchObject({ code: 'cancelled' });
    const offset = await partSize(keptDest);
    expect(offset).toBeGreaterThan(0);
    const keptDone = waitFor(bus, (e) => e.id === kept.id && e.state === 'done');
    expect(m.retry(kept.id)).toBe(true);
    await keptDone;
    expect(server.requestsFor('/kept.bin').at(-1)!.headers.range).toBe(`bytes=${offset}-`);
    expect((await readFile(keptDest)).equals(body)).toBe(true);
  });

  it('refuses an unknown id with not_found', () => {
    const m = make();
    expect(() => m.pause('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => m.retry('nope')).toThrow(/No download nope/);
  });
});
