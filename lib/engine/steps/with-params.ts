// Runs a step method on params parsed by its zod schema; a bad param fails the step naming the field.
import type { z } from 'zod';
import { EngineError } from '../errors';
import type { StepContext, StepMethod, StepRequest } from './types';

export type ParsedStep<S extends z.ZodType> = (
  params: z.output<S>,
  ctx: StepContext,
  request: StepRequest,
) => Promise<unknown>;

/** The registry entry for a method whose params `schema` checks (unknown extra fields pass). */
export function withParams<S extends z.ZodType>(schema: S, run: ParsedStep<S>): StepMethod {
  return async (params, ctx, request) => {
    const parsed = schema.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length ? issue.path.map(String).join('.') : '(params)';
      throw new EngineError('invalid_params', `${request.method}: ${field}: ${issue.message}`, {
        details: { method: request.method, field },
      });
    }
    return run(parsed.data, ctx, request);
  };
}
