// process.wait: waits seconds/minutes, for a URL to answer, or (with no params) until the run stops.
import { z } from 'zod';
import { EngineError } from '../errors';
import { defineStep, type StepDescriptor } from './descriptor';
import { looseNumber, looseParams } from './schemas';

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

const processWait = defineStep({
  summary: 'waits seconds or minutes, for a URL to answer, or until the run stops',
  params: looseParams({
    message: z.string().optional(),
    sec: looseNumber.optional(),
    min: looseNumber.optional(),
    url: z.string().optional(),
    uri: z.string().optional(),
    interval: looseNumber.optional(),
  }),
  run: async (p, ctx) => {
    if (p.message !== undefined) ctx.log(`${p.message}\n`, 'info');
    if (p.sec !== undefined || p.min !== undefined) {
      await abortableDelay(((p.sec ?? 0) + (p.min ?? 0) * 60) * 1000, ctx.signal);
      return;
    }
    const url = p.url ?? p.uri;
    if (url !== undefined) {
      const interval = (p.interval ?? 1) * 1000;
      while (!(await answers(url, ctx.signal))) await abortableDelay(interval, ctx.signal);
      return;
    }
    await new Promise((_, reject) => {
      const onAbort = (): void => reject(new EngineError('cancelled', 'the run was stopped'));
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
  },
});

export const waitSteps: Record<string, StepDescriptor> = { 'process.wait': processWait };
