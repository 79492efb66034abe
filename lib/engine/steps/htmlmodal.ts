// htmlmodal.open/update/close: a launcher's HTML dialog the dashboard shows while the script runs; `await` waits for an action.
import { z } from 'zod';
import type { HtmlModal } from '../../shared/events';
import { EngineError } from '../errors';
import { parseParams } from './modal';
import type { StepContext, StepMethod } from './types';

const action = z.looseObject({
  id: z.string().optional(),
  label: z.string().optional(),
  type: z.string().optional(),
  href: z.string().optional(),
  primary: z.boolean().optional(),
  variant: z.string().optional(),
  close: z.boolean().optional(),
  disabled: z.boolean().optional(),
  payload: z.unknown().optional(),
});

/** What Pinokio's htmlmodal reads (open/update/close share it); anything else is kept and ignored. */
export const htmlmodalParams = z
  .looseObject({
    id: z.string().optional(),
    title: z.string().optional(),
    html: z.string().optional(),
    statusText: z.string().optional(),
    statusVariant: z.string().optional(),
    waiting: z.boolean().optional(),
    status: z
      .looseObject({
        text: z.string().optional(),
        waiting: z.boolean().optional(),
        variant: z.string().optional(),
      })
      .nullable()
      .optional(),
    actions: z.array(action).optional(),
    await: z.boolean().optional(),
    dismissible: z.boolean().optional(),
    variant: z.string().optional(),
  })
  .optional();
export type HtmlmodalParams = NonNullable<z.infer<typeof htmlmodalParams>>;

type Action = 'open' | 'update' | 'close';

/** The fields a packet sets, as Pinokio's dialog renders them (only those present change). */
function fieldsOf(p: HtmlmodalParams): Omit<HtmlModal, 'id'> {
  const fields: Omit<HtmlModal, 'id'> = {};
  if (p.title) fields.title = p.title;
  if ('html' in p) fields.html = p.html ?? '';
  if ('status' in p) fields.status = p.status ?? null;
  else if ('statusText' in p)
    fields.status = { text: p.statusText, waiting: p.waiting, variant: p.statusVariant };
  if (Array.isArray(p.actions)) fields.actions = p.actions;
  if ('variant' in p) fields.variant = p.variant;
  if ('dismissible' in p) fields.dismissible = p.dismissible;
  return fields;
}

function host(method: string, ctx: StepContext) {
  if (!ctx.htmlModal)
    throw new EngineError('not_available', `${method} needs the dashboard to show its dialog`);
  return ctx.htmlModal;
}

/** An answer that ends the dialog: the close button, or a submit action without `close: false`. */
function closes(answer: unknown, modal: HtmlModal | null): boolean {
  if (!answer || typeof answer !== 'object') return false;
  const id = (answer as { action?: unknown }).action;
  if (id === 'dismissed') return true;
  const chosen = (modal?.actions ?? []).find(
    (a) => (a as { id?: unknown }).id === id && (a as { type?: unknown }).type === 'submit',
  ) as { close?: unknown } | undefined;
  return chosen !== undefined && chosen.close !== false;
}

function dispatch(kind: Action): StepMethod {
  const method = `htmlmodal.${kind}`;
  return async (params, ctx) => {
    const p = parseParams(method, htmlmodalParams, params) ?? {};
    const dialog = host(method, ctx);
    const id = p.id ?? `htmlmodal:${ctx.scriptFile}`;
    const packet = { action: kind, ...p, id };
    if (kind === 'close') {
      dialog.show(null);
      return { ...packet, await: false };
    }
    const current = dialog.current();
    const next: HtmlModal =
      kind === 'open' || !current ? { id, ...fieldsOf(p) } : { ...current, ...fieldsOf(p) };
    dialog.show(next);
    if (!p.await) return packet;
    const answer = await ctx.requestInput({
      kind: 'htmlmodal',
      modalId: next.id,
      title: next.title,
    });
    if (closes(answer, dialog.current())) dialog.show(null);
    return answer;
  };
}

export const htmlmodalMethods: Record<string, StepMethod> = {
  'htmlmodal.open': dispatch('open'),
  'htmlmodal.update': dispatch('update'),
  'htmlmodal.close': dispatch('close'),
};
