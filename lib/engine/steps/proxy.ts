// proxy.start/stop: deprecated in Pinokio (its runner skips proxy.start); Hangar logs a line and goes on.
import { z } from 'zod';
import type { StepContext, StepRequest } from './types';
import { withParams } from './with-params';

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

export const proxyMethods = {
  'proxy.start': withParams(proxyStartParams, proxyDeprecated),
  'proxy.stop': withParams(proxyStopParams, proxyDeprecated),
};
