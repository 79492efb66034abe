// Waits on an engine bus for the first download:progress event that passes a test, with a timeout.
import type { EventBus } from '../../lib/engine/events';
import type { DownloadProgressEvent } from '../../lib/shared/events';

export function waitForDownload(
  bus: EventBus,
  test: (e: DownloadProgressEvent) => boolean,
  ms = 10_000,
): Promise<DownloadProgressEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for download:progress'));
    }, ms);
    const off = bus.on('download:progress', (e) => {
      if (!test(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}
