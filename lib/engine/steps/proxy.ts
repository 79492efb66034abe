// proxy.start/stop: deprecated in Pinokio (its runner skips proxy.start); Hangar logs a line and goes on.
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import type { StepContext, StepRequest } from './types';

export const proxyStartParams = z.unknown();
export const proxyStopParams = z.unknown();

/** Never fails the script: Hangar already serves every app under its own origin. */
export async function proxyDeprecated(
  _params: unknown,
  ctx: StepContext,
  request: StepRequest,
): Promise<undefined> {
  ctx.log(
    `${request.method} is deprecated in Pinokio and ignored: Hangar serves every app under /apps/<name>/ already\n`,
    'info',
  );
  return undefined;
}

export const proxySteps: Record<string, StepDescriptor> = {
  'proxy.start': defineStep({
    summary: 'deprecated in Pinokio: logs a line (every app already has its own origin)',
    params: proxyStartParams,
    run: proxyDeprecated,
  }),
  'proxy.stop': defineStep({
    summary: 'deprecated in Pinokio: logs a line',
    params: proxyStopParams,
    run: proxyDeprecated,
  }),
};
