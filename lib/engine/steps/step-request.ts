// The request of a step called on its own, outside a script's step list (a kernel API call, a direct call).
import type { StepRequest } from './types';

/** A StepRequest for `method` with `params` as the only step of its list (no input, no launch args). */
export function soloStepRequest(method: string, params: unknown): StepRequest {
  return {
    params,
    method,
    current: 0,
    total: 1,
    next: null,
    input: undefined,
    args: undefined,
    step: { method, params },
  };
}
