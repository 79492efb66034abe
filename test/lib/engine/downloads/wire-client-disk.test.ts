// The downloader's own HTTP/1.1 client and the disk: cancelling mid-body, a failing or lagging disk, a body many
// times its buffers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchFile } from '../../../../lib/engine/downloads/fetch-file';
import { openUrl } from '../../../../lib/engine/downloads/http-open';
import { writeBody } from '../../../../lib/engine/downloads/response-body';
import { startFileServer } from '../../../helpers/servers/file-server';
import { rawServerPerTest, within } from './raw-server';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('download HTTP client and the disk', () => {
  const wire = rawServerPerTest('hangar-wire-');
  const serve = wire.serve;

  it('is cancelled mid-body by its AbortSignal, closing the connection and keeping the bytes received', async () => {
    const s = await serve((socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(1000)}`),
    );
    const controller = new AbortController();
    const { res } = await openUrl({ url: `${s.origin}/slow`, signal: controller.signal });
    const part = path.join(wire.dir, 'slow.part');
    const error = await writeBody(res, part, false, () => controller.abort()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'cancelled' });
    expect((await readFile(part)).toString()).toBe('x'.repeat(1000));
    await within(s.requests[0]!.closed, 2000, 'the client to close its connection');
  });

  it('stops on a disk error, rejecting with it and closing the connection', async (context) => {
    if (!existsSync('/dev/full')) {
      console.warn('skipped: no /dev/full to make writes fail');
      context.skip();
    }
    // Three times the bytes allowed to wait for the disk: the failed first write stops the transfer.
    const body = randomBytes(24 * 1024 * 1024);
    const s = await serve((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.end(body);
    });
    const { res } = await openUrl({ url: `${s.origin}/full` });
    const error = await writeBody(res, '/dev/full', false, () => undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ file: '/dev/full', error: { code: 'ENOSPC' } });
    expect(res.complete).toBe(false);
    await within(s.requests[0]!.closed, 2000, 'the client to close its connection');
  });

  it('pauses the socket while the disk lags and resumes it, losing nothing', async (context) => {
    if (spawnSync('sh', ['-c', 'command -v mkfifo']).status !== 0) {
      console.warn('skipped: no mkfifo to make a disk that waits');
      context.skip();
    }
    const body = randomBytes(24 * 1024 * 1024);
    const s = await serve((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.end(body);
    });
    // A named pipe is a disk that takes bytes only when the test reads them.
    const fifo = path.join(wire.dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const { res } = await openUrl({ url: `${s.origin}/lag` });
    const calls: string[] = [];
    let received = 0;
    let receivedAtPause = -1;
    const paused = new Promise<void>((resolve) => {
      const pause = res.pause.bind(res);
      const resume = res.resume.bind(res);
      res.pause = () => {
        calls.push('pause');
        receivedAtPause = received;
        pause();
        resolve();
      };
      res.resume = () => {
        calls.push('resume');
        resume();
      };
    });
    // Each end of the pipe opens once the other does.
    const writing = writeBody(res, fifo, false, (chunk) => (received += chunk.length));
    const reader = await within(open(fifo, 'r'), 5000, 'the pipe to open');
    try {
      await within(paused, 5000, 'the writer to pause the socket');
      expect(receivedAtPause).toBeLessThan(body.length);
      const onDisk = await within(reader.readFile(), 10_000, 'the whole body through the pipe');
      await within(writing, 5000, 'the body to be written');
      expect(onDisk.equals(body)).toBe(true);
      expect(calls.slice(0, 2)).toEqual(['pause', 'resume']);
    } finally {
      await reader.close();
    }
  });

  it('downloads a body many times the read slabs and write window intact', async () => {
    const files = await startFileServer();
    try {
      const body = randomBytes(40 * 1024 * 1024 + 5);
      files.files.set('/big.bin', { body });
      const result = await fetchFile({
        url: files.url('/big.bin'),
        dest: path.join(wire.dir, 'big.bin'),
        hash: true,
        retries: 0,
      });
      expect(result.sha256).toBe(sha(body));
    } finally {
      await files.stop();
    }
  });
});
