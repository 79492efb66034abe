// fs.download while its download is paused, resumed or cancelled from the downloads panel: the step waits
// through a pause and fails with a clear message on a cancel.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import type { DownloadProgressEvent } from '../../../../../lib/shared/events';
import type { EventBus } from '../../../../../lib/engine/events';
import { hfWorldPerTest } from './step-context';

const call = (method: string, params: unknown, ctx: StepContext) =>
  downloadSteps[method]!.run(params, ctx, soloStepRequest(method, params));

function next(bus: EventBus, test: (e: DownloadProgressEvent) => boolean) {
  return new Promise<DownloadProgressEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such download:progress in 10 s')), 10_000);
    const off = bus.on('download:progress', (e) => {
      if (!test(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

describe('a step whose download is paused or cancelled', () => {
  const w = hfWorldPerTest();
  const body = randomBytes(1024 * 1024);

  it('keeps waiting while paused and finishes once resumed', async () => {
    w.server.files.set('/m.bin', { body, etag: '"m"', delayMs: 40 });
    const ctx = await w.t.context('app');
    const moving = next(w.t.bus, (e) => e.state === 'downloading' && e.bytes > 0);
    const step = call('fs.download', { url: w.server.url('/m.bin'), dir: 'models' }, ctx);
    let settled = false;
    step.then(
      () => (settled = true),
      () => (settled = true),
    );
    const { id } = await moving;
    const paused = next(w.t.bus, (e) => e.id === id && e.state === 'paused');
    expect(w.t.services.manager.pause(id)).toBe(true);
    await paused;
    // The step is still waiting after the pause has been recorded and announced.
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(w.t.services.manager.resume(id)).toBe(true);
    const result = (await step) as { path: string; source: string };
    expect(result.source).toBe('download');
    expect((await readFile(result.path)).equals(body)).toBe(true);
    expect(w.server.requestsFor('/m.bin')[1].headers.range).toMatch(/^bytes=\d+-$/);
  });

  it('fails with a message that says the download was cancelled and how to go on', async () => {
    w.server.files.set('/c.bin', { body, delayMs: 40 });
    const ctx = await w.t.context('app');
    const moving = next(w.t.bus, (e) => e.state === 'downloading' && e.bytes > 0);
    const step = call('fs.download', { url: w.server.url('/c.bin'), dir: 'models' }, ctx);
    const { id } = await moving;
    const paused = next(w.t.bus, (e) => e.id === id && e.state === 'paused');
    w.t.services.manager.pause(id);
    await paused;
    expect(w.t.services.manager.cancel(id)).toBe(true);
    await expect(step).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(
        /c\.bin: the download of .* was cancelled .*retry it there/,
      ) as unknown,
    });
  });
});
