// Backoff delays and an abortable sleep for download retries.
import { EngineError } from '../errors';

/** Exponential backoff: base, 2×base, 4×base … capped at 30 s. */
export function backoffDelay(failures: number, baseMs: number): number {
  return Math.min(30_000, baseMs * 2 ** Math.max(0, failures - 1));
}

/** Resolves after `ms`, or rejects with EngineError('cancelled') when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new EngineError('cancelled', 'cancelled'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new EngineError('cancelled', 'cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
