// The bandwidth cap: one token bucket for all downloads at once, live, pausing socket reads; uncapped is untouched.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openUrl } from '../../../../lib/engine/downloads/http-open';
import { readBody } from '../../../../lib/engine/downloads/response-body';
import { setNetworkSource, TokenBucket } from '../../../../lib/engine/network';
import { startFileServer, type FileServer } from '../../../helpers/servers/file-server';

const MiB = 1024 * 1024;
const body = randomBytes(4 * MiB);

/**
 * Seconds `bytes` should take at `rate`: the bucket starts with a quarter second of bytes, and each download's
 * last read (up to 1 MiB) lands before its debt is paid, so the lower bound leaves those out.
 */
function bounds(bytes: number, rate: number, downloads: number): { low: number; high: number } {
  const nominal = bytes / rate - 0.25;
  return { low: ((bytes - 0.25 * rate - downloads * MiB) / rate) * 0.9, high: nominal * 3 + 1 };
}

/** Seconds from the response head to the last body byte of one download. */
async function timedDownload(url: string): Promise<number> {
  const { res } = await openUrl({ url });
  const start = performance.now();
  const received = await readBody(res, body.length + 1);
  const seconds = (performance.now() - start) / 1000;
  expect(received?.equals(body)).toBe(true);
  return seconds;
}

describe('bandwidth cap', () => {
  let files: FileServer;
  let restore: (() => void) | null = null;
  const cap = (bytesPerSecond: number | undefined): void => {
    restore?.();
    restore = setNetworkSource(() => ({ bandwidthLimit: bytesPerSecond }));
  };

  beforeAll(async () => {
    files = await startFileServer();
    files.files.set('/a.bin', { body });
    files.files.set('/b.bin', { body });
  });
  afterEach(() => {
    restore?.();
    restore = null;
  });
  afterAll(async () => {
    await files.stop();
  });

  it('holds one download of N bytes to about N/cap seconds', async () => {
    cap(2 * MiB);
    const seconds = await timedDownload(files.url('/a.bin'));
    const { low, high } = bounds(body.length, 2 * MiB, 1);
    expect(seconds).toBeGreaterThan(low);
    expect(seconds).toBeLessThan(high);
  });

  it('shares the cap between downloads running at once', async () => {
    cap(4 * MiB);
    const start = performance.now();
    await Promise.all([timedDownload(files.url('/a.bin')), timedDownload(files.url('/b.bin'))]);
    const seconds = (performance.now() - start) / 1000;
    const { low, high } = bounds(2 * body.length, 4 * MiB, 2);
    expect(seconds).toBeGreaterThan(low);
    expect(seconds).toBeLessThan(high);
  });

  it('leaves an uncapped download at full speed', async () => {
    cap(undefined);
    // Capped at 2 MiB/s the same file takes over a second; uncapped loopback is far below that.
    expect(await timedDownload(files.url('/a.bin'))).toBeLessThan(
      bounds(body.length, 2 * MiB, 1).low,
    );
  });

  it('charges debt at the rate: a bucket overdrawn by one second of bytes waits one second', () => {
    let now = 0;
    const bucket = new TokenBucket(() => now);
    expect(bucket.take(250, 1000)).toBe(0);
    expect(bucket.take(1000, 1000)).toBe(1000);
    now = 1000;
    expect(bucket.take(0, 1000)).toBe(0);
    expect(bucket.take(10, undefined)).toBe(0);
  });
});
