// modal: a dialog with a title, an HTML description and link buttons; the step waits until the user goes on.
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import { looseParams } from './schemas';

/** What Pinokio's `modal` reads; anything else a launcher passes is kept and ignored. */
export const modalParams = looseParams({
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
});

/** Shows the dialog (`run:input` with kind "modal") and resolves with the dashboard's answer (`{}` on Next). */
const modal = defineStep({
  summary: 'shows a dialog (title, description, link buttons) and waits until the user goes on',
  params: modalParams,
  run: (p, ctx) =>
    ctx.requestInput({ kind: 'modal', title: p.title, description: p.description, menu: p.menu }),
});

export const modalSteps: Record<string, StepDescriptor> = { modal };
