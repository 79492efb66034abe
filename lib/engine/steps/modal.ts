// modal: a dialog with a title, an HTML description and link buttons; the step waits until the user goes on.
import { z } from 'zod';
import { EngineError } from '../errors';
import type { StepMethod } from './types';

/** What Pinokio's `modal` reads; anything else a launcher passes is kept and ignored. */
export const modalParams = z
  .looseObject({
    title: z.string().optional(),
    description: z.string().optional(),
    menu: z
      .array(
        z.looseObject({
          text: z.string().optional(),
          href: z.string().optional(),
          icon: z.string().optional(),
          action: z.unknown().optional(),
        }),
      )
      .optional(),
  })
  .optional();

/** Parses params with a schema; a mismatch names the method and the field. */
export function parseParams<T>(method: string, schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params ?? undefined);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'params';
  throw new EngineError('invalid_params', `${method}: ${field} ${issue.message.toLowerCase()}`, {
    details: { method, param: issue.path.join('.') },
  });
}

/** Shows the dialog (`run:input` with kind "modal") and resolves with the dashboard's answer (`{}` on Next). */
export const modal: StepMethod = async (params, ctx) => {
  const p = parseParams('modal', modalParams, params) ?? {};
  return ctx.requestInput({
    kind: 'modal',
    title: p.title,
    description: p.description,
    menu: p.menu,
  });
};

export const modalMethods: Record<string, StepMethod> = { modal };
