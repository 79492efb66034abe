// The run-log bridge bounds what it queues per subscriber: a client that stops reading its socket during a flood is
// skipped (told with run:log-skipped) once its queue passes the limit, while a client that keeps up gets every entry.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Server as IOServer } from 'socket.io';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../lib/engine';
import { RUN_LOG_SKIPPED_EVENT, type RunLogPage, type RunLogSkipped } from '../../lib/shared/run';
import { attachRunLogs } from '../../server/sockets/run-logs';
import { socketBacklog } from '../../server/sockets/socket-backlog';
import { connect, tcpOf } from '../helpers/socket-clients';
import { waitFor } from '../helpers/processes';

const MAX_BACKLOG = 256 * 1024;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the run-log bridge', () => {
  it('skips a stalled subscriber once its queue passes the limit, and never queues much more', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'hangar-backlog-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const engine = await Engine.create({ home, version: 'test' });
    cleanups.push(() => engine.dispose());
    const http = createServer();
    const io = new IOServer(http, { path: '/_hangar/socket.io' });
    cleanups.push(() => io.close());
    const detach = attachRunLogs(io, engine, { maxBacklog: MAX_BACKLOG });
    cleanups.push(async () => detach());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    // About 13 MB: more than the kernel's socket buffers hold for a client that reads nothing.
    const dir = path.join(engine.layout.api, 'flood');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'flood.json'),
      JSON.stringify({
        run: [
          {
            method: 'shell.run',
            params: { message: 'yes 0123456789012345678901234567890123456789 | head -n 300000' },
          },
        ],
      }),
    );
    const [steady, stalled] = [await connect(url), await connect(url)];
    cleanups.push(async () => (steady.close(), stalled.close()));
    const skipped: RunLogSkipped[] = [];
    stalled.on(RUN_LOG_SKIPPED_EVENT, (event: RunLogSkipped) => skipped.push(event));
    const steadySeqs: number[] = [];
    steady.on('run:log', (entry: { seq: number }) => steadySeqs.push(entry.seq));

    const { runId } = await engine.runner.start(path.join(dir, 'flood.json'), { app: 'flood' });
    for (const socket of [steady, stalled]) {
      const reply = (await socket
        .timeout(10_000)
        .emitWithAck('run:subscribe', { runId, sinceSeq: 0 })) as RunLogPage;
      expect(reply.truncated).toBe(false);
      if (socket === steady) steadySeqs.push(...reply.entries.map((e) => e.seq));
    }
    tcpOf(stalled).pause();
    // After the bridge has handled each entry, measure what the server holds for the stalled client.
    let maxQueued = 0;
    let maxEntry = 0;
    const offMeasure = engine.bus.on('run:log', (entry) => {
      maxEntry = Math.max(maxEntry, entry.data.length);
      const server = io.sockets.sockets.get(stalled.id!);
      if (server) maxQueued = Math.max(maxQueued, socketBacklog(server));
    });
    cleanups.push(async () => offMeasure());
    await waitFor(
      () => engine.runner.get(runId)?.status === 'finished',
      'the flood to finish',
      60_000,
    );
    tcpOf(stalled).resume();
    await waitFor(() => skipped.length > 0, 'the stalled client to hear it was skipped', 20_000);

    expect(skipped[0]!.runId).toBe(runId);
    // One entry may land on top of a queue just under the limit (plus its JSON framing).
    expect(maxQueued).toBeGreaterThan(0);
    expect(maxQueued).toBeLessThanOrEqual(MAX_BACKLOG + maxEntry + 1024);
    const lastSeq = engine.runner.logs(runId, { sinceSeq: 0 }).lastSeq;
    await waitFor(() => steadySeqs.at(-1) === lastSeq, 'the steady client to get the last entry');
    expect(steadySeqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  }, 120_000);
});
