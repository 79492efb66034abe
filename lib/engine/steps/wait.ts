// process.wait: waits seconds/minutes, for a URL to answer, or (with no params) until the run stops.
import { EngineError } from '../errors';
import type { StepMethod } from './types';

type Params = Record<string, unknown>;

/** Resolves after ms, or rejects with 'cancelled' when the signal aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new EngineError('cancelled', 'the run was stopped'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new EngineError('cancelled', 'the run was stopped'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function answers(url: string, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
    await res.body?.cancel();
    return true;
  } catch {
    // not up yet (connection refused or timed out); the caller polls again
    return false;
  }
}

const processWait: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Params;
  if (typeof p.message === 'string') ctx.log(`${p.message}\n`, 'info');
  if (typeof p.sec === 'number' || typeof p.min === 'number') {
    const ms = (Number(p.sec ?? 0) + Number(p.min ?? 0) * 60) * 1000;
    await abortableDelay(ms, ctx.signal);
    return undefined;
  }
  const url = p.url ?? p.uri;
  if (typeof url === 'string') {
    const interval = (typeof p.interval === 'number' ? p.interval : 1) * 1000;
    while (!(await answers(url, ctx.signal))) await abortableDelay(interval, ctx.signal);
    return undefined;
  }
  await new Promise((_, reject) => {
    const onAbort = (): void => reject(new EngineError('cancelled', 'the run was stopped'));
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  return undefined;
};

export const waitMethods: Record<string, StepMethod> = { 'process.wait': processWait };
